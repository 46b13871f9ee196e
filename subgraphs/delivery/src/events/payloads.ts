import { z } from 'zod';
import type { EscalationReason, GeoPoint } from '../data/types';

// Published by delivery (all times ISO 8601). orders advances the order on them, tracking follows
// the courier's legs, subscriptions push them.

/** `delivery.offered`: an order was put to one courier, who has until `expiresAt` to answer. */
export interface DeliveryOfferedEvent {
  orderId: string;
  deliveryId: string;
  offerId: string;
  courierId: string;
  storeId: string;
  /** 1 for the first courier asked about the order, 2 for the next, … */
  attempt: number;
  expiresAt: string;
  at: string;
}

/** `delivery.assigned`: a courier accepted; the legs are store → dropoff (→ ASSIGNED_TO_COURIER). */
export interface DeliveryAssignedEvent {
  orderId: string;
  deliveryId: string;
  courierId: string;
  storeId: string;
  storeLocation: GeoPoint;
  dropoffLocation: GeoPoint;
  at: string;
}

/** `delivery.picked_up`: the courier has the bag (→ PICKED_UP, then IN_TRANSIT). */
export interface DeliveryPickedUpEvent {
  orderId: string;
  deliveryId: string;
  courierId: string;
  at: string;
}

/** `delivery.delivered`: handed over with proof (→ DELIVERED). */
export interface DeliveryDeliveredEvent {
  orderId: string;
  deliveryId: string;
  courierId: string;
  proof: string;
  at: string;
}

/** `delivery.escalated`: nobody took the order; admins must act. */
export interface DeliveryEscalatedEvent {
  orderId: string;
  deliveryId: string;
  /** Offers made before giving up. */
  attempts: number;
  reason: EscalationReason;
  at: string;
}

// Consumed: only the fields delivery reads, checked on arrival so a malformed event is retried and
// then dead-lettered instead of half-applied.

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const point = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** `orders.confirmed`, as delivery reads it: the store and where the customer is. */
export const orderConfirmedSchema = z.object({
  orderId: z.string().min(1),
  /** Optional so an event from before it was read still applies; the customer then sees no delivery. */
  customerId: z.string().min(1).optional(),
  storeId: z.string().min(1),
  deliveryLocation: point,
  confirmedAt: isoDate,
});
export type OrderConfirmed = z.infer<typeof orderConfirmedSchema>;

/** `orders.status_changed`, as delivery reads it: only cancellations matter here. */
export const orderStatusChangedSchema = z.object({
  orderId: z.string().min(1),
  to: z.string().min(1),
});

/** `fulfillment.task_created`, as delivery reads it: the store's promise of when the bag is ready. */
export const taskCreatedSchema = z.object({
  orderId: z.string().min(1),
  storeId: z.string().min(1),
  promisedReadyAt: isoDate,
});

/** `fulfillment.packed`, as delivery reads it. */
export const packedSchema = z.object({
  orderId: z.string().min(1),
  storeId: z.string().min(1),
  packedAt: isoDate,
});

/** `tracking.position` (live), as delivery reads it for its courier-position projection. */
export const positionSchema = z.object({
  courierId: z.string().min(1),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  recordedAt: isoDate,
});
