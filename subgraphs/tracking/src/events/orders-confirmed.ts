import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { DeliveryRepository } from '../data';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const ORDERS_CONFIRMED_CONSUMER = 'tracking-orders-confirmed';

/** `orders.confirmed`: who ordered, so the access rules know the customer of a delivery. */
export function startOrdersConfirmedConsumer(deps: SubgraphDeps): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_CONFIRMED_CONSUMER,
    subject: SUBJECTS.ordersConfirmed,
    retryDelayMs: 200,
    handle: (event, trx) => new DeliveryRepository(trx).recordCustomer(event.data.orderId, event.data.customerId),
  });
}
