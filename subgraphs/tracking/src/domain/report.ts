import type { LocationReportRecord, PositionRecord } from '../data/types';
import { positionProblem } from './coordinates';
import { haversineMeters } from '@qc/shared';

/** At most one report per courier is kept in this window (by arrival); the others are acknowledged only. */
export const THINNING_WINDOW_MS = 3_000;

/** How far ahead of the server's clock a phone's `recordedAt` may be (phone clocks drift). */
export const MAX_CLOCK_SKEW_MS = 30_000;

/** No courier vehicle in a city moves faster: 60 m/s is 216 km/h. */
export const MAX_SPEED_MPS = 60;

/** Distance every jump check forgives, for GPS noise between two fixes taken moments apart. */
export const BASE_JUMP_TOLERANCE_M = 50;

/** The most a report's own `accuracy` adds to that tolerance: a 2 km accuracy circle excuses nothing. */
export const MAX_ACCURACY_TOLERANCE_M = 150;

/** A refusal of a report, naming the input field at fault. */
export interface ReportProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a report on its own (ranges and clock), or null when it may be kept as far as it
 * alone can tell. The jump check needs the previous report and lives in `jumpProblem`.
 */
export function reportProblem(report: LocationReportRecord, now: Date): ReportProblem | null {
  const problem = positionProblem(report);
  if (problem) return problem;
  if (report.accuracy !== null && !(Number.isFinite(report.accuracy) && report.accuracy >= 0)) {
    return { field: 'accuracy', message: `accuracy ${report.accuracy} is not a distance in metres` };
  }
  const ahead = report.recordedAt.getTime() - now.getTime();
  if (ahead > MAX_CLOCK_SKEW_MS) {
    return {
      field: 'recordedAt',
      message: `recordedAt ${report.recordedAt.toISOString()} is ${Math.round(ahead / 1000)} s in the future (at most ${MAX_CLOCK_SKEW_MS / 1000} s allowed)`,
    };
  }
  return null;
}

/** How far a report may land beyond what `MAX_SPEED_MPS` allows: base noise plus the fix's own accuracy, capped. */
export const jumpToleranceMeters = (accuracy: number | null): number =>
  BASE_JUMP_TOLERANCE_M + Math.min(accuracy ?? 0, MAX_ACCURACY_TOLERANCE_M);

/**
 * Refuses a report the courier cannot have reached since the previous kept one: the distance, less
 * the tolerance, would need more than `MAX_SPEED_MPS`. `next` must be recorded after `previous` (older
 * reports are never compared; they are skipped as out of order). The Redis ingestion script enforces
 * the same rule atomically; `positions.test.ts` holds the two to the same answers.
 */
export function jumpProblem(previous: PositionRecord, next: PositionRecord, toleranceMeters: number): ReportProblem | null {
  const seconds = (next.recordedAt.getTime() - previous.recordedAt.getTime()) / 1000;
  const meters = haversineMeters(previous, next);
  if (meters - toleranceMeters <= MAX_SPEED_MPS * seconds) return null;
  const implied = seconds > 0 ? `${Math.round(meters / seconds)} m/s` : 'an instant';
  return {
    field: 'lat/lng',
    message: `impossible jump: ${Math.round(meters)} m in ${seconds.toFixed(1)} s since the previous report (${implied}; at most ${MAX_SPEED_MPS} m/s)`,
  };
}
