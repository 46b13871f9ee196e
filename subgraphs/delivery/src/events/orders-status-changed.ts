import { SUBJECTS, startConsumer, type EventEnvelope, type EventPayload, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Dispatch } from '../app/dispatch';

export const ORDERS_STATUS_CHANGED_CONSUMER = 'delivery-orders-status_changed';

/** Every transition but to CANCELLED (most of them) is acked without a transaction (the chaos audit counts them with this). */
export const ignoresStatusChange = (event: EventEnvelope<EventPayload<typeof SUBJECTS.ordersStatusChanged>>): boolean => event.data.to !== 'CANCELLED';

/** `orders.status_changed` to CANCELLED → withdraw the order's offer, free its courier, stop dispatching it. */
export function startOrdersStatusChangedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    ignores: ignoresStatusChange,
    handle: async (event, trx) => {
      await dispatch.cancelOrder(trx, event.data.orderId);
    },
  });
}
