import { enqueueEvent, SUBJECTS, type Knex } from '@qc/shared';
import type {
  CourierStatusChangedEvent,
  DeliveryAssignedEvent,
  DeliveryDeliveredEvent,
  DeliveryEscalatedEvent,
  DeliveryOfferedEvent,
  DeliveryPickedUpEvent,
} from './payloads';

// Each writes its event to the outbox in the caller's transaction; the relay publishes it after commit.

export const enqueueDeliveryOffered = (trx: Knex, event: DeliveryOfferedEvent) => enqueueEvent(trx, SUBJECTS.deliveryOffered, event);

export const enqueueDeliveryAssigned = (trx: Knex, event: DeliveryAssignedEvent) => enqueueEvent(trx, SUBJECTS.deliveryAssigned, event);

export const enqueueDeliveryPickedUp = (trx: Knex, event: DeliveryPickedUpEvent) => enqueueEvent(trx, SUBJECTS.deliveryPickedUp, event);

export const enqueueDeliveryDelivered = (trx: Knex, event: DeliveryDeliveredEvent) => enqueueEvent(trx, SUBJECTS.deliveryDelivered, event);

export const enqueueDeliveryEscalated = (trx: Knex, event: DeliveryEscalatedEvent) => enqueueEvent(trx, SUBJECTS.deliveryEscalated, event);

export const enqueueCourierStatusChanged = (trx: Knex, event: CourierStatusChangedEvent) => enqueueEvent(trx, SUBJECTS.deliveryCourierStatusChanged, event);
