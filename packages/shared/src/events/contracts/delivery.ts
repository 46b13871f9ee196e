import { z } from 'zod';
import { count, id, isoTime, point } from './common';

/** `delivery.offered`: an order was put to one courier, who has until `expiresAt` to answer (pushed as `deliveryOffers`). */
export const deliveryOffered = z.object({
  orderId: id,
  deliveryId: id,
  offerId: id,
  courierId: id,
  storeId: id,
  /** 1 for the first courier asked about the order, 2 for the next, … */
  attempt: count(1),
  expiresAt: isoTime,
  at: isoTime,
});

/** `delivery.assigned`: a courier accepted; the legs are store → dropoff (→ ASSIGNED_TO_COURIER). */
export const deliveryAssigned = z.object({
  orderId: id,
  deliveryId: id,
  courierId: id,
  storeId: id,
  storeLocation: point,
  dropoffLocation: point,
  /** The courier's vehicle when delivery sends it; tracking's ETA assumes a default speed without. */
  vehicle: z.enum(['BICYCLE', 'E_BIKE', 'SCOOTER', 'CAR']).nullable().optional(),
  at: isoTime,
});

/** `delivery.picked_up`: the courier has the bag (→ PICKED_UP, then IN_TRANSIT). */
export const deliveryPickedUp = z.object({
  orderId: id,
  deliveryId: id,
  courierId: id,
  at: isoTime,
});

/** `delivery.delivered`: handed over with proof (→ DELIVERED). */
export const deliveryDelivered = z.object({
  orderId: id,
  deliveryId: id,
  courierId: id,
  proof: z.string(),
  at: isoTime,
});

/** `delivery.escalated`: nobody took the order after every try; admins must act. */
export const deliveryEscalated = z.object({
  orderId: id,
  deliveryId: id,
  /** Offers made before giving up. */
  attempts: count(0),
  reason: z.enum(['ATTEMPTS_EXHAUSTED', 'NO_COURIER_AVAILABLE']),
  at: isoTime,
});

const courierStatus = z.enum(['OFFLINE', 'IDLE', 'OFFERED', 'BUSY']);

/**
 * `delivery.courier_status_changed`: a courier moved between OFFLINE, IDLE, OFFERED and BUSY, by their
 * own choice or by dispatch (pushed to admins as `cityCouriers`).
 */
export const deliveryCourierStatusChanged = z.object({
  courierId: id,
  from: courierStatus,
  to: courierStatus,
  at: isoTime,
});
