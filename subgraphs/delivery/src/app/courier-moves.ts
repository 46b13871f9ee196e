import type { Knex } from '@qc/shared';
import type { CourierRecord, CourierStatus, IdleClock, Repositories } from '../data';
import { enqueueCourierStatusChanged } from '../events/publish';

/**
 * Moves a courier from `from` to `to` by compare-and-set (see `CourierRepository.compareAndSet`) and,
 * when they moved, writes `delivery.courier_status_changed` in the same transaction. Every status
 * change of a live courier goes through here, so the admins' city feed misses none.
 */
export async function moveCourier(
  trx: Knex,
  repos: Repositories,
  courierId: string,
  from: CourierStatus,
  to: CourierStatus,
  opts: { loadDelta?: number; idle?: IdleClock } = {},
): Promise<CourierRecord | null> {
  const moved = await repos.couriers.compareAndSet(courierId, from, to, opts);
  if (moved && from !== to) await enqueueCourierStatusChanged(trx, { courierId, from, to, at: new Date().toISOString() });
  return moved;
}
