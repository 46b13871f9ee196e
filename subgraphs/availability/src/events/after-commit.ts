import { afterCommit as onCommit, type Knex } from '@qc/shared';
import type { ReservationService, StockLine } from '../app';

/** Back-off before a failed event is delivered again (the shared default of 1 s is long for stock). */
export const RETRY_DELAY_MS = 200;

/**
 * How long an idempotent consumer whose work is one statement per batch (`orders.confirmed`,
 * `fulfillment.store_load`) lets events gather before it applies them (`gatherMs`): at 10 orders a
 * second five share a statement instead of one each. Neither is in a hurry: a confirmation only has to
 * land before the reservation expires (minutes; orders' own call gathers for a second too), and a
 * store's load steers later placements, which count its ACTIVE reservations until then anyway.
 */
export const GATHER_MS = 500;

/**
 * Drops the cached free units of the rows a consumer changed once its transaction has committed (before,
 * a concurrent reader could cache the old numbers again). If the process dies first, the
 * `inventory.changed` events written in that transaction invalidate the same rows.
 */
export function afterCommit(trx: Knex.Transaction, reservations: ReservationService, lines: StockLine[]): void {
  if (lines.length === 0) return;
  onCommit(trx, () => reservations.afterCommit(lines));
}
