/**
 * Event subjects on NATS, without the deployment prefix (see `EventBus.subject`). Publishers and
 * consumers import these names; a subject is never spelled out as a string literal anywhere else.
 */
export const SUBJECTS = {
  /** availability: stock of a product in a store changed (adjustment, reservation, release, consumption). */
  inventoryChanged: 'inventory.changed',
  /** orders: an order was paid and confirmed; fulfillment queues it. */
  ordersConfirmed: 'orders.confirmed',
  /** orders: every transition of an order's state machine. */
  ordersStatusChanged: 'orders.status_changed',
  /** fulfillment: the order entered its store's queue (→ ASSIGNED_TO_STORE). */
  fulfillmentTaskCreated: 'fulfillment.task_created',
  /** fulfillment: staff started picking (→ PICKING). */
  fulfillmentPickingStarted: 'fulfillment.picking_started',
  /** fulfillment: an item could not be found; orders refunds the missing part. */
  fulfillmentItemMissing: 'fulfillment.item_missing',
  /** fulfillment: the bag is packed (→ PACKED); availability consumes the reserved stock. */
  fulfillmentPacked: 'fulfillment.packed',
  /** fulfillment: a store's open work vs capacity, for store selection. */
  fulfillmentStoreLoad: 'fulfillment.store_load',
  /** delivery: an offer was made to a courier (pushed to the courier's app). */
  deliveryOffered: 'delivery.offered',
  /** delivery: a courier accepted (→ ASSIGNED_TO_COURIER). */
  deliveryAssigned: 'delivery.assigned',
  /** delivery: the courier has the bag (→ PICKED_UP, then IN_TRANSIT). */
  deliveryPickedUp: 'delivery.picked_up',
  /** delivery: handed over with proof (→ DELIVERED). */
  deliveryDelivered: 'delivery.delivered',
  /** delivery: nobody took the order after every try; admins must act. */
  deliveryEscalated: 'delivery.escalated',
  /** delivery: a courier's status changed (online, offered, busy, offline); the admins' city feed. */
  deliveryCourierStatusChanged: 'delivery.courier_status_changed',
  /** tracking: a kept courier position. Live subject (`EventBus.publishLive`): core NATS, never stored. */
  trackingPosition: 'tracking.position',
  /** tracking: an order's ETA changed. Live subject, like positions. */
  trackingEta: 'tracking.eta',
} as const;
export type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/**
 * Subjects whose NATS subject carries one more token: the value of this payload field
 * (`orders.status_changed.CANCELLED`). JetStream filters only by subject, and most consumers of an
 * order's transitions act on one or three statuses of the ten; with the status in the subject each
 * durable asks for those (`startTokenConsumers`' `tokens`) and is never sent, nor has to ack, the rest. The
 * envelope's `subject` stays the event subject; subscribers of every event use `<subject>.*`.
 */
export const SUBJECT_TOKENS: Partial<Record<Subject, string>> = {
  [SUBJECTS.ordersStatusChanged]: 'to',
};

/**
 * The NATS subject (without the deployment prefix) an event of `subject` with payload `data` is
 * published on: the subject, and for one of `SUBJECT_TOKENS` its token (a NATS token: any other
 * character becomes `_`, an empty value `_`).
 */
export function natsSubjectOf(subject: Subject, data: unknown): string {
  const field = SUBJECT_TOKENS[subject];
  if (!field) return subject;
  const value = (data as Record<string, unknown> | null | undefined)?.[field];
  const token = typeof value === 'string' ? value.replace(/[^A-Za-z0-9_-]/g, '_') : '';
  return `${subject}.${token || '_'}`;
}

/** Every event carries an id (consumers de-duplicate on it) and when it happened. */
export interface EventEnvelope<T = unknown> {
  id: string;
  subject: Subject;
  occurredAt: string;
  data: T;
}
