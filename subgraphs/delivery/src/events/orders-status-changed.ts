import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Dispatch } from '../app/dispatch';

export const ORDERS_STATUS_CHANGED_CONSUMER = 'delivery-orders-status_changed';

/** `orders.status_changed` to CANCELLED → withdraw the order's offer, free its courier, stop dispatching it. */
export function startOrdersStatusChangedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    // Every other transition (most of them) is acked without a transaction.
    ignores: (event) => event.data.to !== 'CANCELLED',
    handle: async (event, trx) => {
      await dispatch.cancelOrder(trx, event.data.orderId);
    },
  });
}
