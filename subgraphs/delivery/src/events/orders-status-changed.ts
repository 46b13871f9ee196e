import { SUBJECTS, startTokenConsumers, type EventEnvelope, type EventPayload, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Dispatch } from '../app/dispatch';

export const ORDERS_STATUS_CHANGED_CONSUMER = 'delivery-orders-status_changed';

/**
 * Every transition but to CANCELLED (most of them) is not even delivered to the durable of `orders.status_changed.CANCELLED`;
 * a durable from before status tokens acks them without a transaction (the chaos audit counts them with this).
 */
export const ignoresStatusChange = (event: EventEnvelope<EventPayload<typeof SUBJECTS.ordersStatusChanged>>): boolean => event.data.to !== 'CANCELLED';

/** `orders.status_changed` to CANCELLED → withdraw the order's offer, free its courier, stop dispatching it. */
export function startOrdersStatusChangedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  return startTokenConsumers({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    tokens: ['CANCELLED'],
    ignores: ignoresStatusChange,
    handle: async (event, trx) => {
      await dispatch.cancelOrder(trx, event.data.orderId);
    },
  });
}
