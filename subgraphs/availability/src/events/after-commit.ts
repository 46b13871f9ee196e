import { afterCommit as onCommit, type Knex } from '@qc/shared';
import type { ReservationService, StockLine } from '../app';

/** Back-off before a failed event is delivered again (the shared default of 1 s is long for stock). */
export const RETRY_DELAY_MS = 200;

/**
 * Drops the cached free units of the rows a consumer changed once its transaction has committed (before,
 * a concurrent reader could cache the old numbers again). If the process dies first, the
 * `inventory.changed` events written in that transaction invalidate the same rows.
 */
export function afterCommit(trx: Knex.Transaction, reservations: ReservationService, lines: StockLine[]): void {
  if (lines.length === 0) return;
  onCommit(trx, () => reservations.afterCommit(lines));
}
