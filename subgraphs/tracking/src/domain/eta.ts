import type { ActiveDeliveryRecord, LatLng, PositionRecord, VehicleType } from '../data/types';
import { haversineMeters } from '@qc/shared';

/** When an order should reach the customer, as computed at `computedAt`. */
export interface EtaRecord {
  orderId: string;
  courierId: string | null;
  estimatedArrivalAt: Date;
  /** Whole minutes from `computedAt` to `estimatedArrivalAt`, rounded up, never negative. */
  minutesRemaining: number;
  computedAt: Date;
}

/** City speeds in metres per second, door to door including lights (the seed's courier model uses the same). */
export const DEFAULT_SPEED_MPS: Readonly<Record<VehicleType, number>> = { BICYCLE: 4.2, E_BIKE: 5.5, SCOOTER: 7, CAR: 8 };

/** For a courier whose vehicle tracking was not told: a cautious bicycle-ish 18 km/h. */
export const UNKNOWN_VEHICLE_SPEED_MPS = 5;

/** Streets are longer than the straight line: a typical detour factor for a European city grid. */
export const ROUTE_FACTOR = 1.3;

/** How much the phone's current speed counts against the vehicle's default (see `travelSpeedMps`). */
export const REPORTED_SPEED_WEIGHT = 0.3;

/** The blended speed stays within these multiples of the default. */
export const MIN_SPEED_FACTOR = 0.6;
export const MAX_SPEED_FACTOR = 1.5;

/** Finding the store's handover shelf and taking the bag. */
export const PICKUP_MS = 60_000;

/** Parking, stairs and the handover at the door. */
export const DROPOFF_BUFFER_MS = 120_000;

/** A new estimate is published when it moved at least this much, or its whole minutes changed. */
export const ETA_CHANGE_THRESHOLD_MS = 30_000;

/**
 * The speed a leg is driven at. A phone's instantaneous speed is noisy (0 at every red light, a burst
 * downhill), so it only nudges the vehicle's default: 70 % default + 30 % reported, clamped to
 * 0.6×–1.5× the default. Stateless on purpose: it needs nothing but the latest report.
 */
export function travelSpeedMps(vehicle: VehicleType | null, reportedSpeed: number | null): number {
  const base = vehicle ? DEFAULT_SPEED_MPS[vehicle] : UNKNOWN_VEHICLE_SPEED_MPS;
  if (reportedSpeed === null || !Number.isFinite(reportedSpeed) || reportedSpeed < 0) return base;
  const blended = (1 - REPORTED_SPEED_WEIGHT) * base + REPORTED_SPEED_WEIGHT * reportedSpeed;
  return Math.min(MAX_SPEED_FACTOR * base, Math.max(MIN_SPEED_FACTOR * base, blended));
}

/** Milliseconds to ride from `from` to `to` along streets at `speedMps`. */
export const legMs = (from: LatLng, to: LatLng, speedMps: number): number => ((haversineMeters(from, to) * ROUTE_FACTOR) / speedMps) * 1000;

/** The parts of an estimate, all in milliseconds from now. */
export interface EtaBreakdown {
  /** Riding to the store; 0 once the bag is picked up. */
  toStoreMs: number;
  /** Preparation still left by the promise; 0 when packed, unknown or already past. */
  preparationLeftMs: number;
  /** Taking the bag at the store; 0 once it is picked up. */
  pickupMs: number;
  /** Riding to the customer: from the store before pickup, from where the courier is after. */
  toCustomerMs: number;
  bufferMs: number;
  totalMs: number;
}

/**
 * How long until the order is at the door, or null when it cannot be told (no position yet, or the
 * locations of the delivery are not known yet).
 *
 * Before pickup: max(ride to the store, preparation left) + pickup + store → customer + buffer. The
 * courier rides while the store packs, so the two overlap and only the longer one counts (adding them
 * would double-count the time they share). After pickup: courier → customer + buffer.
 */
export function etaBreakdown(delivery: ActiveDeliveryRecord, position: PositionRecord | null, now: Date): EtaBreakdown | null {
  if (!position || !delivery.dropoffLocation) return null;
  const speed = travelSpeedMps(delivery.vehicle, position.speed);
  if (delivery.phase === 'TO_CUSTOMER') {
    const toCustomerMs = legMs(position, delivery.dropoffLocation, speed);
    return { toStoreMs: 0, preparationLeftMs: 0, pickupMs: 0, toCustomerMs, bufferMs: DROPOFF_BUFFER_MS, totalMs: toCustomerMs + DROPOFF_BUFFER_MS };
  }
  if (!delivery.storeLocation) return null;
  const toStoreMs = legMs(position, delivery.storeLocation, speed);
  const preparationLeftMs =
    delivery.packedAt || !delivery.promisedReadyAt ? 0 : Math.max(0, delivery.promisedReadyAt.getTime() - now.getTime());
  const toCustomerMs = legMs(delivery.storeLocation, delivery.dropoffLocation, speed);
  return {
    toStoreMs,
    preparationLeftMs,
    pickupMs: PICKUP_MS,
    toCustomerMs,
    bufferMs: DROPOFF_BUFFER_MS,
    totalMs: Math.max(toStoreMs, preparationLeftMs) + PICKUP_MS + toCustomerMs + DROPOFF_BUFFER_MS,
  };
}

/** Whole minutes from `now` until `at`, rounded up, never negative. */
export const minutesUntil = (at: Date, now: Date): number => Math.max(0, Math.ceil((at.getTime() - now.getTime()) / 60_000));

/** The estimate for a delivery at `now` (see `etaBreakdown`), or null when it cannot be told. */
export function computeEta(delivery: ActiveDeliveryRecord, position: PositionRecord | null, now: Date): EtaRecord | null {
  const breakdown = etaBreakdown(delivery, position, now);
  if (!breakdown) return null;
  const estimatedArrivalAt = new Date(now.getTime() + Math.round(breakdown.totalMs));
  return { orderId: delivery.orderId, courierId: delivery.courierId, estimatedArrivalAt, minutesRemaining: minutesUntil(estimatedArrivalAt, now), computedAt: now };
}

/** The last estimate published for a courier's order. */
export interface PublishedEta {
  orderId: string;
  estimatedArrivalAt: Date;
  minutesRemaining: number;
}

/**
 * Whether `next` is news to subscribers: another order, whole minutes that changed, or an arrival that
 * moved by `ETA_CHANGE_THRESHOLD_MS` or more. Small drifts between reports are not published.
 */
export function etaChanged(previous: PublishedEta | null, next: EtaRecord): boolean {
  if (!previous || previous.orderId !== next.orderId) return true;
  if (previous.minutesRemaining !== next.minutesRemaining) return true;
  return Math.abs(previous.estimatedArrivalAt.getTime() - next.estimatedArrivalAt.getTime()) >= ETA_CHANGE_THRESHOLD_MS;
}
