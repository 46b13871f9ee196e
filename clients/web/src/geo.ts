/**
 * The maps are drawn from our own coordinates (no tile server is reachable offline): points are
 * projected onto the SVG with a local equirectangular projection, which at city scale (a few km) is
 * off by far less than a marker's width.
 */
export interface LatLng {
  lat: number;
  lng: number;
}

export interface XY {
  x: number;
  y: number;
}

export interface Projection {
  width: number;
  height: number;
  /** Metres one SVG unit stands for. */
  metresPerUnit: number;
  project(point: LatLng): XY;
}

const METRES_PER_DEGREE = 111_320;

/**
 * A projection that fits every point into `width` × `height` with `padding` around, north up, the
 * same scale on both axes. A view never spans less than `minSpanMetres` (one point alone, or a
 * courier at the door, is not zoomed to a blur).
 */
export function fitProjection(points: readonly LatLng[], width: number, height: number, padding = 24, minSpanMetres = 1_000): Projection {
  const usable = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lng));
  const lats = usable.map((p) => p.lat);
  const lngs = usable.map((p) => p.lng);
  const midLat = usable.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : 0;
  const midLng = usable.length ? (Math.min(...lngs) + Math.max(...lngs)) / 2 : 0;
  const cos = Math.cos((midLat * Math.PI) / 180);
  const toMetres = (p: LatLng) => ({ x: (p.lng - midLng) * cos * METRES_PER_DEGREE, y: (p.lat - midLat) * METRES_PER_DEGREE });
  const local = usable.map(toMetres);
  const spanX = Math.max(minSpanMetres, ...local.map((m) => Math.abs(m.x) * 2));
  const spanY = Math.max(minSpanMetres, ...local.map((m) => Math.abs(m.y) * 2));
  const unitsPerMetre = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  return {
    width,
    height,
    metresPerUnit: 1 / unitsPerMetre,
    project: (p) => {
      const m = toMetres(p);
      return { x: width / 2 + m.x * unitsPerMetre, y: height / 2 - m.y * unitsPerMetre };
    },
  };
}

/** Straight-line distance in metres (haversine); for "the courier is 800 m away". */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
