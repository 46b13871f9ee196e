import { SUBJECTS, type EventPayload } from '@qc/shared';
import type { OrderStatus } from '../domain/order-status';

// The contracts of orders' events are orders' own, kept in shared's event catalogue
// (`packages/shared/src/events/contracts/orders.ts`) so that consumers parse with the same schema.

/**
 * `orders.confirmed`: an order is paid for (authorized) and its stock reserved. availability confirms
 * the reservation on it; fulfillment queues the order at `storeId`.
 */
export type OrderConfirmedEvent = EventPayload<typeof SUBJECTS.ordersConfirmed>;

/**
 * `orders.status_changed`: published for every transition of every order, the first one
 * (PENDING → CONFIRMED | PAYMENT_FAILED | REJECTED) included. The contract carries statuses as
 * strings; orders only ever writes its own.
 */
export type OrderStatusChangedEvent = Omit<EventPayload<typeof SUBJECTS.ordersStatusChanged>, 'from' | 'to'> & { from: OrderStatus; to: OrderStatus };
