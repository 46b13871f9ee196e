import { z } from 'zod';
import { count, id, isoTime, point } from './common';

/**
 * `orders.confirmed`: an order is paid for (authorized) and its stock reserved. availability confirms
 * the reservation; fulfillment queues the order at `storeId`; delivery learns where the customer is.
 */
export const orderConfirmed = z.object({
  orderId: id,
  customerId: id,
  storeId: id,
  reservationId: id,
  items: z.array(z.object({ productId: id, quantity: count(1), unitPriceCents: count(0), currency: z.string().length(3) })).min(1),
  totalCents: count(0),
  currency: z.string().length(3),
  deliveryLocation: point,
  confirmedAt: isoTime,
});

/**
 * `orders.status_changed`: every transition of every order, the first one (PENDING → CONFIRMED |
 * PAYMENT_FAILED | REJECTED) included. availability releases stock on PAYMENT_FAILED, REJECTED and
 * CANCELLED; fulfillment and delivery stop on CANCELLED; subscriptions push it (`orderUpdated`). On NATS
 * as `orders.status_changed.<to>` (`SUBJECT_TOKENS`): a consumer is sent only the statuses it asks for.
 */
export const orderStatusChanged = z.object({
  orderId: id,
  customerId: id,
  storeId: id.nullable(),
  /** An order status (orders' `ORDER_STATUSES`). */
  from: id,
  to: id,
  /** A user id or a service name. */
  actor: z.string(),
  reason: z.string().nullable(),
  at: isoTime,
});
