import { SUBJECTS, type OutboxEvent } from '@qc/shared';
import type { OrderConfirmedEvent, OrderStatusChangedEvent } from './payloads';

/** `orders.confirmed`, for `enqueueEvents` with the other events of its transaction; the relay publishes it after commit. */
export const orderConfirmed = (event: OrderConfirmedEvent): OutboxEvent => ({ subject: SUBJECTS.ordersConfirmed, data: event });

/** `orders.status_changed`, for `enqueueEvents` with the other events of its transaction. */
export const statusChanged = (event: OrderStatusChangedEvent): OutboxEvent => ({ subject: SUBJECTS.ordersStatusChanged, data: event });
