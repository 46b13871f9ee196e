/**
 * How a courier bot moves: straight lines at its vehicle's city speed, time-compressed, reported as a
 * phone would. Pure, so the geometry and the timing rules are tested without a supergraph.
 */
import { bearingDegrees, distanceMeters, interpolate, type Point } from '../seed/geo';

export type { Point };

export type Vehicle = 'BICYCLE' | 'E_BIKE' | 'SCOOTER' | 'CAR';

/** Metres per second in city traffic, as the seed and tracking's ETA assume. */
export const VEHICLE_SPEED_MPS: Readonly<Record<Vehicle, number>> = { BICYCLE: 4.2, E_BIKE: 5.5, SCOOTER: 7, CAR: 8 };

/**
 * The fastest a bot may move in real time. Tracking refuses a report implying more than 60 m/s (plus
 * 50 m and the accuracy) since the previous kept one, by `recordedAt`; each position is taken when its
 * report is sent, so 50 m/s keeps every pair of reports under that, whatever the gap between them.
 */
export const MAX_REAL_SPEED_MPS = 50;

/** Tracking keeps one report per courier per 3 s; a little more than that between reports. */
export const MIN_REPORT_GAP_MS = 3_300;

/** A courier's phone reports every 5 s of (simulated) time. */
export const SIM_REPORT_EVERY_MS = 5_000;

/**
 * Simulated seconds per real second while travelling: `speed`, unless that would move the courier
 * faster than `MAX_REAL_SPEED_MPS` in real time (then travel is compressed less than the rest).
 */
export function travelCompression(speed: number, vehicleMps: number, maxRealMps = MAX_REAL_SPEED_MPS): number {
  if (!(speed > 0) || !(vehicleMps > 0)) throw new RangeError(`travelCompression(${speed}, ${vehicleMps}): need positive numbers`);
  return Math.min(speed, maxRealMps / vehicleMps);
}

/** Real milliseconds between two reports: every 5 s simulated, never closer than tracking keeps. */
export function reportIntervalMs(compression: number): number {
  return Math.max(MIN_REPORT_GAP_MS, SIM_REPORT_EVERY_MS / compression);
}

/** One straight ride. */
export interface Leg {
  from: Point;
  to: Point;
  meters: number;
  /** Degrees clockwise from north, from `from` to `to`. */
  heading: number;
  /** How long the ride takes in simulated time at the vehicle's speed. */
  simSeconds: number;
}

export function makeLeg(from: Point, to: Point, vehicleMps: number): Leg {
  const meters = distanceMeters(from, to);
  return { from, to, meters, heading: meters > 0 ? bearingDegrees(from, to) : 0, simSeconds: meters / vehicleMps };
}

/** Real milliseconds the leg takes at a compression. */
export const legRealMs = (leg: Leg, compression: number): number => (leg.simSeconds * 1000) / compression;

/** Where the courier is `simElapsedSeconds` into the leg (clamped to its ends), and whether they arrived. */
export function positionOnLeg(leg: Leg, simElapsedSeconds: number): { point: Point; progress: number; arrived: boolean } {
  if (leg.simSeconds <= 0) return { point: leg.to, progress: 1, arrived: true };
  const progress = Math.min(1, Math.max(0, simElapsedSeconds / leg.simSeconds));
  return { point: progress >= 1 ? leg.to : interpolate(leg.from, leg.to, progress), progress, arrived: progress >= 1 };
}

/**
 * The moments (real ms after the leg starts) at which a ride reports its position: every `intervalMs`
 * and on arrival. A tick closer than `intervalMs` before arrival is dropped, so the arrival report is
 * never thinned away for following its predecessor too soon.
 */
export function reportSchedule(totalRealMs: number, intervalMs: number): number[] {
  if (!(intervalMs > 0)) throw new RangeError(`reportSchedule: interval ${intervalMs} must be positive`);
  const total = Math.max(0, totalRealMs);
  const ticks: number[] = [];
  for (let t = intervalMs; t <= total - intervalMs; t += intervalMs) ticks.push(t);
  ticks.push(total);
  return ticks;
}
