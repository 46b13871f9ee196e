import { enqueueEvent, SUBJECTS, type Knex, type OutboxEvent } from '@qc/shared';
import type { OrderConfirmedEvent, OrderStatusChangedEvent } from './payloads';

/** `orders.confirmed`, for `enqueueEvents` with the other events of its transaction; the relay publishes it after commit. */
export const orderConfirmed = (event: OrderConfirmedEvent): OutboxEvent => ({ subject: SUBJECTS.ordersConfirmed, data: event });

/** `orders.status_changed`, for `enqueueEvents` with the other events of its transaction. */
export const statusChanged = (event: OrderStatusChangedEvent): OutboxEvent => ({ subject: SUBJECTS.ordersStatusChanged, data: event });

/** Writes `orders.status_changed` to the outbox in the caller's transaction. */
export const enqueueStatusChanged = (trx: Knex, event: OrderStatusChangedEvent) => enqueueEvent(trx, SUBJECTS.ordersStatusChanged, event);
