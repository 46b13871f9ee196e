/** A point on the Earth in degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Mean Earth radius (IUGG), metres: the one radius our own distance computations use. */
export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * The radius Redis GEO commands measure with (`GEOSEARCH`, `GEODIST`). Only for reproducing a
 * distance Redis returned; everything else uses `EARTH_RADIUS_M`.
 */
export const REDIS_GEO_EARTH_RADIUS_M = 6_372_797.560856;

/** Metres per degree of latitude (and of longitude at the equator), for city-scale offsets. */
export const METRES_PER_DEGREE = 111_320;

const RAD = Math.PI / 180;

/**
 * Great-circle distance in metres. Good to a few metres at city scale, far below both GPS noise and
 * the detour a street grid adds.
 */
export function haversineMeters(a: LatLng, b: LatLng, radiusM: number = EARTH_RADIUS_M): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * radiusM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `east` and `north` metres from `origin` (equirectangular; exact enough within tens of km). */
export function offsetMeters(origin: LatLng, east: number, north: number): LatLng {
  return {
    lat: origin.lat + north / METRES_PER_DEGREE,
    lng: origin.lng + east / (METRES_PER_DEGREE * Math.cos(origin.lat * RAD)),
  };
}
