import { enqueueEvent, SUBJECTS, type EventEnvelope, type Knex, type OutboxEvent } from '@qc/shared';
import type { ItemMissingEvent, PackedEvent, PickingStartedEvent, StoreLoadEvent, TaskCreatedEvent } from './payloads';

/** Writes `fulfillment.picking_started` to the outbox in the caller's transaction. */
export const enqueuePickingStarted = (trx: Knex, event: PickingStartedEvent): Promise<EventEnvelope<PickingStartedEvent>> =>
  enqueueEvent(trx, SUBJECTS.fulfillmentPickingStarted, event);

/** Writes `fulfillment.item_missing` to the outbox in the caller's transaction. */
export const enqueueItemMissing = (trx: Knex, event: ItemMissingEvent): Promise<EventEnvelope<ItemMissingEvent>> =>
  enqueueEvent(trx, SUBJECTS.fulfillmentItemMissing, event);

/** Writes `fulfillment.packed` to the outbox in the caller's transaction. */
export const enqueuePacked = (trx: Knex, event: PackedEvent): Promise<EventEnvelope<PackedEvent>> =>
  enqueueEvent(trx, SUBJECTS.fulfillmentPacked, event);

/** Writes `fulfillment.store_load` to the outbox in the caller's transaction. */
export const enqueueStoreLoad = (trx: Knex, event: StoreLoadEvent): Promise<EventEnvelope<StoreLoadEvent>> =>
  enqueueEvent(trx, SUBJECTS.fulfillmentStoreLoad, event);

/**
 * `fulfillment.task_created` and the store's new `fulfillment.store_load` of a queued order (in that
 * order), for the outbox write that goes with the task's insert (`PickTaskRepository.createWithLines`).
 */
export const taskQueuedEvents = (task: TaskCreatedEvent, load: StoreLoadEvent): OutboxEvent[] => [
  { subject: SUBJECTS.fulfillmentTaskCreated, data: task },
  { subject: SUBJECTS.fulfillmentStoreLoad, data: load },
];
