/**
 * Event subjects on NATS, without the deployment prefix (see `EventBus.subject`). Publishers and
 * consumers import these names; a subject is never spelled out as a string literal anywhere else.
 */
export const SUBJECTS = {
  inventoryChanged: 'inventory.changed',
  ordersConfirmed: 'orders.confirmed',
  ordersStatusChanged: 'orders.status_changed',
  fulfillmentPacked: 'fulfillment.packed',
  deliveryAssigned: 'delivery.assigned',
  trackingPosition: 'tracking.position',
} as const;
export type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/** Every event carries an id (consumers de-duplicate on it) and when it happened. */
export interface EventEnvelope<T = unknown> {
  id: string;
  subject: Subject;
  occurredAt: string;
  data: T;
}
