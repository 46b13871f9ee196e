/** The seed's geodesy: distances and offsets come from @qc/shared's geo; the rest is the seed's own. */
import { offsetMeters as offset, type LatLng } from '@qc/shared';
import type { Random } from './random';

export { haversineMeters as distanceMeters, offsetMeters as offset } from '@qc/shared';

export type Point = LatLng;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Initial compass bearing from `a` to `b`, 0–360 degrees clockwise from north. */
export function bearingDegrees(a: Point, b: Point): number {
  const y = Math.sin(rad(b.lng - a.lng)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lng - a.lng));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** The point a fraction `f` of the way from `a` to `b`. */
export const interpolate = (a: Point, b: Point, f: number): Point => ({
  lat: a.lat + (b.lat - a.lat) * f,
  lng: a.lng + (b.lng - a.lng) * f,
});

/**
 * A point uniformly distributed over the ring between `minMeters` and `maxMeters` from `centre`
 * (`density` < 1 crowds points towards the centre, as a city's stores and homes are).
 */
export function randomPointWithin(rng: Random, centre: Point, maxMeters: number, minMeters = 0, density = 1): Point {
  const u = rng.next();
  const r = minMeters + (maxMeters - minMeters) * Math.pow(u, density / 2);
  const angle = rng.float(0, 2 * Math.PI);
  return offset(centre, r * Math.sin(angle), r * Math.cos(angle));
}

/** Six decimals is 11 cm: more than a phone's GPS offers, and keeps the rows readable. */
export const roundCoord = (value: number): number => Math.round(value * 1e6) / 1e6;
