import type { VehicleType } from '../data/types';

/** Typical city speeds, metres per second: bicycle 15 km/h, e-bike 20, scooter and car 25 (traffic). */
export const VEHICLE_SPEED_MPS: Record<VehicleType, number> = { BICYCLE: 4.2, E_BIKE: 5.5, SCOOTER: 6.9, CAR: 6.9 };

/** Streets are not straight lines: road distance is about 1.3 × the straight-line distance in a city grid. */
export const DETOUR_FACTOR = 1.3;

/** Estimated seconds for a courier on `vehicle` to cover a straight-line `distanceMeters` in the city. */
export function travelSeconds(distanceMeters: number, vehicle: VehicleType): number {
  return Math.round((Math.max(0, distanceMeters) * DETOUR_FACTOR) / VEHICLE_SPEED_MPS[vehicle]);
}

export interface ReadinessInput {
  now: Date;
  /** When the bag was packed; null while picking. */
  packedAt: Date | null;
  /** When the store expects the bag; null if the store has not said (then only packing triggers an offer). */
  promisedReadyAt: Date | null;
  /** The chosen courier's estimated travel time to the store. */
  etaToStoreSeconds: number;
  /** How early an offer may go out: the courier needs time to answer, so this is about the acceptance window. */
  toleranceSeconds: number;
  /** The longest a waiting order goes without a new look (couriers move; a better one may appear). */
  maxRecheckMs: number;
}

export type OfferTiming =
  | { offerNow: true; slackSeconds: number | null }
  | { offerNow: false; slackSeconds: number | null; recheckAt: Date };

/**
 * The readiness rule: offer so that the courier reaches the store about when the bag is ready, and
 * neither waits at the store nor lets the bag wait.
 *
 *   slack = picking time left − courier's travel time to the store
 *
 * A packed order is offered at once. Otherwise the order is offered when slack ≤ tolerance (the
 * courier would arrive no more than `tolerance` before the promised time); while slack is larger it
 * waits, and is looked at again when slack would reach the tolerance, or after `maxRecheckMs` at the
 * latest. An order whose store has not promised a time waits for packing.
 */
export function offerTiming(input: ReadinessInput): OfferTiming {
  if (input.packedAt) return { offerNow: true, slackSeconds: null };
  const now = input.now.getTime();
  if (!input.promisedReadyAt) return { offerNow: false, slackSeconds: null, recheckAt: new Date(now + input.maxRecheckMs) };
  const prepLeftSeconds = Math.max(0, (input.promisedReadyAt.getTime() - now) / 1000);
  const slackSeconds = Math.round(prepLeftSeconds - input.etaToStoreSeconds);
  if (slackSeconds <= input.toleranceSeconds) return { offerNow: true, slackSeconds };
  const waitMs = Math.min((slackSeconds - input.toleranceSeconds) * 1000, input.maxRecheckMs);
  return { offerNow: false, slackSeconds, recheckAt: new Date(now + waitMs) };
}
