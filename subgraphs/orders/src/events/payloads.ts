import type { OrderStatus } from '../domain/order-status';

/**
 * `orders.confirmed`: an order is paid for (authorized) and its stock reserved. availability confirms
 * the reservation on it; fulfillment queues the order at `storeId`.
 */
export interface OrderConfirmedEvent {
  orderId: string;
  customerId: string;
  storeId: string;
  reservationId: string;
  items: { productId: string; quantity: number; unitPriceCents: number; currency: string }[];
  totalCents: number;
  currency: string;
  deliveryLocation: { lat: number; lng: number };
  /** ISO 8601. */
  confirmedAt: string;
}

/**
 * `orders.status_changed`: published for every transition of every order, the first one
 * (PENDING → CONFIRMED | PAYMENT_FAILED | REJECTED) included. availability releases stock on
 * PAYMENT_FAILED, REJECTED and CANCELLED; tracking pushes it to subscribers.
 */
export interface OrderStatusChangedEvent {
  orderId: string;
  customerId: string;
  storeId: string | null;
  from: OrderStatus;
  to: OrderStatus;
  /** A user id or a service name. */
  actor: string;
  reason: string | null;
  /** ISO 8601. */
  at: string;
}
