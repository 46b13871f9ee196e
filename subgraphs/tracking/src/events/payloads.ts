import { SUBJECTS, type EventPayload } from '@qc/shared';

// Event payloads are the publishers' contracts from shared's event catalogue
// (`packages/shared/src/events/contracts`); tracking's own live subjects are in `contracts/tracking.ts`.
// All times are ISO 8601 strings.

/**
 * `tracking.position` (live, never stored): every kept courier report, with the order the courier
 * carries and its ETA when there is one. Delivery feeds its courier search from it; subscriptions push
 * it to the customer's tracking screen.
 */
export type TrackingPositionEvent = EventPayload<typeof SUBJECTS.trackingPosition>;

/** `tracking.eta` (live, never stored): an order's ETA changed (see `domain/eta.ts#etaChanged`). */
export type TrackingEtaEvent = EventPayload<typeof SUBJECTS.trackingEta>;

/** `delivery.assigned`: `vehicle` is optional in delivery's contract; without it the ETA uses a default speed. */
export type DeliveryAssignedEvent = EventPayload<typeof SUBJECTS.deliveryAssigned>;
export type DeliveryPickedUpEvent = EventPayload<typeof SUBJECTS.deliveryPickedUp>;
export type DeliveryDeliveredEvent = EventPayload<typeof SUBJECTS.deliveryDelivered>;
export type FulfillmentTaskCreatedEvent = EventPayload<typeof SUBJECTS.fulfillmentTaskCreated>;
export type FulfillmentPackedEvent = EventPayload<typeof SUBJECTS.fulfillmentPacked>;
