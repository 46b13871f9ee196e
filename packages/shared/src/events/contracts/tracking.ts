import { z } from 'zod';
import { id, isoTime } from './common';

/**
 * `tracking.position` (live, never stored): every kept courier report, with the order the courier
 * carries and its ETA when there is one. delivery feeds its courier search from it; the gateway pushes
 * it to the customer (`courierPosition`).
 */
export const trackingPosition = z.object({
  courierId: id,
  orderId: id.nullable(),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  heading: z.number().nullable(),
  speed: z.number().nullable(),
  recordedAt: isoTime,
  eta: z.object({ orderId: id, estimatedArrivalAt: isoTime, minutesRemaining: z.number() }).nullable(),
});

/** `tracking.eta` (live, never stored): an order's ETA changed. */
export const trackingEta = z.object({
  orderId: id,
  courierId: id.nullable(),
  estimatedArrivalAt: isoTime,
  minutesRemaining: z.number(),
  computedAt: isoTime,
});
