import { SUBJECTS, type EventPayload } from '@qc/shared';

// The contracts of delivery's events are delivery's own, kept in shared's event catalogue
// (`packages/shared/src/events/contracts/delivery.ts`) so that consumers parse with the same schema;
// the events delivery consumes are parsed with their publishers' contracts by `startConsumer`.
// orders advances the order on these, tracking follows the courier's legs, subscriptions push them.

/** `delivery.offered`: an order was put to one courier, who has until `expiresAt` to answer. */
export type DeliveryOfferedEvent = EventPayload<typeof SUBJECTS.deliveryOffered>;
/** `delivery.assigned`: a courier accepted; the legs are store → dropoff (→ ASSIGNED_TO_COURIER). */
export type DeliveryAssignedEvent = EventPayload<typeof SUBJECTS.deliveryAssigned>;
/** `delivery.picked_up`: the courier has the bag (→ PICKED_UP, then IN_TRANSIT). */
export type DeliveryPickedUpEvent = EventPayload<typeof SUBJECTS.deliveryPickedUp>;
/** `delivery.delivered`: handed over with proof (→ DELIVERED). */
export type DeliveryDeliveredEvent = EventPayload<typeof SUBJECTS.deliveryDelivered>;
/** `delivery.escalated`: nobody took the order; admins must act. */
export type DeliveryEscalatedEvent = EventPayload<typeof SUBJECTS.deliveryEscalated>;
/** `delivery.courier_status_changed`: a courier went online, was offered an order, took one, was freed or went offline. */
export type CourierStatusChangedEvent = EventPayload<typeof SUBJECTS.deliveryCourierStatusChanged>;
