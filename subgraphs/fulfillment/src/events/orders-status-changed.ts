import { startConsumer, SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Picking } from '../app';

/** Durable consumer name: `<subgraph>-<subject with dots as dashes>`. */
export const ORDERS_STATUS_CHANGED_CONSUMER = 'fulfillment-orders-status_changed';

/**
 * `orders.status_changed` → cancels the order's pick task when the order is CANCELLED and the bag is
 * not packed yet. Every other transition is read and ignored.
 */
export function startOrdersStatusChangedConsumer(deps: SubgraphDeps, picking: Picking, opts: { retryDelayMs?: number } = {}): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    ...opts,
    // `applyOrderStatus` ignores every other transition; they are acked without a transaction.
    ignores: (event) => event.data.to !== 'CANCELLED',
    handle: async (event, trx) => {
      await picking.applyOrderStatus(trx, event.data);
    },
  });
}
