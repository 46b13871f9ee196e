import type { Knex, Logger } from '@qc/shared';
import { ACTIVE_DELIVERY_STATUSES, createRepositories } from '../data';
import { currentDelivery } from '../domain/current-delivery';
import { nextDeliveryStatus } from '../domain/delivery-status';
import { moveCourier } from './courier-moves';

/**
 * The order was cancelled: its pending offer is withdrawn and that courier freed, its delivery (if
 * not delivered yet) fails and its courier is freed, and dispatch stops looking. Runs in the
 * consumer's transaction.
 */
export async function cancelOrder(trx: Knex, orderId: string, log: Logger): Promise<void> {
  const repos = createRepositories(trx);
  await repos.dispatchJobs.lock(orderId);
  const current = currentDelivery(await repos.deliveries.findByOrderId(orderId, { forUpdate: true }));
  if (current?.status === 'DELIVERED') {
    log.warn({ orderId }, 'cancellation of a delivered order: nothing to undo in delivery');
    return;
  }
  await repos.dispatchJobs.cancel(orderId);
  for (const offer of await repos.offers.lockPendingForOrder(orderId)) {
    await repos.offers.close(offer.id, 'WITHDRAWN');
    await moveCourier(trx, repos, offer.courierId, 'OFFERED', 'IDLE');
  }
  if (current && nextDeliveryStatus(current.status, 'FAIL')) {
    await repos.deliveries.compareAndSet(current.id, current.status, 'FAILED');
    if (current.courierId && ACTIVE_DELIVERY_STATUSES.includes(current.status)) {
      await moveCourier(trx, repos, current.courierId, 'BUSY', 'IDLE', { loadDelta: -1, idle: 'start' });
    }
  }
}
