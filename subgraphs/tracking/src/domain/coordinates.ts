import type { PositionRecord } from '../data/types';

/** True for a point on Earth: finite, −90 ≤ lat ≤ 90 and −180 ≤ lng ≤ 180. */
export const isValidCoordinate = (lat: number, lng: number): boolean =>
  Number.isFinite(lat) && Number.isFinite(lng) && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;

/** Compass degrees clockwise from north; 360 is written as 0. Null means the phone did not know. */
export const isValidHeading = (heading: number | null): boolean =>
  heading === null || (Number.isFinite(heading) && heading >= 0 && heading < 360);

/** Metres per second; null means the phone did not know. */
export const isValidSpeed = (speed: number | null): boolean => speed === null || (Number.isFinite(speed) && speed >= 0);

/** What is wrong with a reported position, naming the field, or null when it may be kept. */
export function positionProblem(position: PositionRecord): { field: string; message: string } | null {
  if (!position.courierId) return { field: 'courierId', message: 'a position needs a courier id' };
  if (!isValidCoordinate(position.lat, position.lng)) {
    return { field: 'lat/lng', message: `(${position.lat}, ${position.lng}) is not a coordinate on Earth` };
  }
  if (!isValidHeading(position.heading)) return { field: 'heading', message: `heading ${position.heading} is not within 0–360°` };
  if (!isValidSpeed(position.speed)) return { field: 'speed', message: `speed ${position.speed} is not a speed` };
  if (!(position.recordedAt instanceof Date) || Number.isNaN(position.recordedAt.getTime())) {
    return { field: 'recordedAt', message: 'recordedAt is not a valid time' };
  }
  return null;
}
