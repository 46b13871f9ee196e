import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { DeliveryRepository } from '../data';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const ORDERS_CONFIRMED_CONSUMER = 'tracking-orders-confirmed';

/**
 * `orders.confirmed`: who ordered, so the access rules know the customer of a delivery.
 *
 * `idempotent`: no transaction and no processed-events row per event (one statement instead of four,
 * once per placed order). What the ledger would prevent, an event applied twice, changes nothing: an
 * order's customer is written once and never changed or deleted (`ON CONFLICT DO NOTHING`). Events
 * that arrive together are applied in one statement.
 */
export function startOrdersConfirmedConsumer(deps: SubgraphDeps): Promise<RunningConsumer> {
  const deliveries = new DeliveryRepository(deps.db);
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_CONFIRMED_CONSUMER,
    subject: SUBJECTS.ordersConfirmed,
    retryDelayMs: 200,
    idempotent: true,
    handleAll: (events) => deliveries.recordCustomers(events.map((event) => ({ orderId: event.data.orderId, customerId: event.data.customerId }))),
  });
}
