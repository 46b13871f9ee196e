import { SUBJECTS, type EventPayload } from '@qc/shared';

// The contracts of fulfillment's events are fulfillment's own, kept in shared's event catalogue
// (`packages/shared/src/events/contracts/fulfillment.ts`) so that consumers parse with the same schema.

/** `fulfillment.task_created`: the order is in its store's queue (orders → ASSIGNED_TO_STORE). */
export type TaskCreatedEvent = EventPayload<typeof SUBJECTS.fulfillmentTaskCreated>;
/** `fulfillment.picking_started`: staff started picking (orders → PICKING). */
export type PickingStartedEvent = EventPayload<typeof SUBJECTS.fulfillmentPickingStarted>;
/** `fulfillment.item_missing`: this report's missing units of one product; orders refunds them. */
export type ItemMissingEvent = EventPayload<typeof SUBJECTS.fulfillmentItemMissing>;
/** `fulfillment.packed`: what is actually in the bag. */
export type PackedEvent = EventPayload<typeof SUBJECTS.fulfillmentPacked>;
/** `fulfillment.store_load`: a store's open task count, on every change. */
export type StoreLoadEvent = EventPayload<typeof SUBJECTS.fulfillmentStoreLoad>;

/** `orders.confirmed`, as orders publishes it; fulfillment queues the order at `storeId`. */
export type OrderConfirmed = EventPayload<typeof SUBJECTS.ordersConfirmed>;
/** `orders.status_changed`; fulfillment acts on CANCELLED only. */
export type OrderStatusChanged = EventPayload<typeof SUBJECTS.ordersStatusChanged>;
