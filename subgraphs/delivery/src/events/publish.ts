import { enqueueEvent, SUBJECTS, type EventEnvelope, type Knex } from '@qc/shared';
import type {
  DeliveryAssignedEvent,
  DeliveryDeliveredEvent,
  DeliveryEscalatedEvent,
  DeliveryOfferedEvent,
  DeliveryPickedUpEvent,
} from './payloads';

// Each writes its event to the outbox in the caller's transaction; the relay publishes it after commit.

export const enqueueDeliveryOffered = (trx: Knex, event: DeliveryOfferedEvent): Promise<EventEnvelope<DeliveryOfferedEvent>> =>
  enqueueEvent(trx, SUBJECTS.deliveryOffered, event);

export const enqueueDeliveryAssigned = (trx: Knex, event: DeliveryAssignedEvent): Promise<EventEnvelope<DeliveryAssignedEvent>> =>
  enqueueEvent(trx, SUBJECTS.deliveryAssigned, event);

export const enqueueDeliveryPickedUp = (trx: Knex, event: DeliveryPickedUpEvent): Promise<EventEnvelope<DeliveryPickedUpEvent>> =>
  enqueueEvent(trx, SUBJECTS.deliveryPickedUp, event);

export const enqueueDeliveryDelivered = (trx: Knex, event: DeliveryDeliveredEvent): Promise<EventEnvelope<DeliveryDeliveredEvent>> =>
  enqueueEvent(trx, SUBJECTS.deliveryDelivered, event);

export const enqueueDeliveryEscalated = (trx: Knex, event: DeliveryEscalatedEvent): Promise<EventEnvelope<DeliveryEscalatedEvent>> =>
  enqueueEvent(trx, SUBJECTS.deliveryEscalated, event);
