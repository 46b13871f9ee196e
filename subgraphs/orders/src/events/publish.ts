import { enqueueEvent, SUBJECTS, type Knex } from '@qc/shared';
import type { OrderConfirmedEvent, OrderStatusChangedEvent } from './payloads';

/** Writes `orders.confirmed` to the outbox in the caller's transaction; the relay publishes it after commit. */
export const enqueueOrderConfirmed = (trx: Knex, event: OrderConfirmedEvent) => enqueueEvent(trx, SUBJECTS.ordersConfirmed, event);

/** Writes `orders.status_changed` to the outbox in the caller's transaction. */
export const enqueueStatusChanged = (trx: Knex, event: OrderStatusChangedEvent) => enqueueEvent(trx, SUBJECTS.ordersStatusChanged, event);
