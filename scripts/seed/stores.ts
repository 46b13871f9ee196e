/** The dark stores of the demo city, their opening hours and their stock. */
import { CITY_RADIUS_M, idMaker, TIMEZONE } from './common';
import { distanceMeters, offset, roundCoord, type Point } from './geo';
import { CITY_CENTRE, PLACES, STREETS, type Place } from './places';
import { hash32, hashUnit, stringHash, type Random } from './random';
import type {
  OpeningHoursRecord,
  ProductRecord,
  StockRecord,
  StoreRecord,
} from './types';

type HoursKind = 'round-the-clock' | 'overnight' | 'closed-sundays' | 'standard' | 'short';

/**
 * Spread, not regular: the kinds repeat every few stores so even a small city has each of them,
 * and str_001 is round-the-clock so the demo store always has a live queue.
 */
function hoursKind(index: number, rng: Random): HoursKind {
  if (index % 10 === 0) return 'round-the-clock';
  if (index % 15 === 7) return 'overnight';
  if (index % 12 === 5) return 'closed-sundays';
  return rng.chance(0.1) ? 'short' : 'standard';
}

function openingHours(kind: HoursKind): OpeningHoursRecord[] {
  const week = (opens: string, closes: string, days = [0, 1, 2, 3, 4, 5, 6]) => days.map((dayOfWeek) => ({ dayOfWeek, opens, closes }));
  switch (kind) {
    case 'round-the-clock':
      return week('00:00', '23:59');
    case 'overnight':
      return week('18:00', '02:00');
    case 'closed-sundays':
      return week('07:00', '23:00', [1, 2, 3, 4, 5, 6]);
    case 'short':
      return week('08:00', '22:00');
    case 'standard':
      return week('07:00', '23:00');
  }
}

export function generateStores(rng: Random, count: number): { stores: StoreRecord[]; coverage: Float64Array } {
  // A bigger network covers a bigger area (Berlin, then Brandenburg) instead of stacking stores.
  const radius = CITY_RADIUS_M * Math.sqrt(Math.max(1, count / 60));
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  // Mitchell's best candidate: of a few random spots, take the one farthest from every store so far.
  const candidates = count <= 3_000 ? 4 : 2;
  for (let i = 0; i < count; i++) {
    let bestX = 0;
    let bestY = 0;
    let bestDistance = -1;
    for (let c = 0; c < candidates; c++) {
      const r = radius * Math.pow(rng.next(), 0.6);
      const angle = rng.float(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      let nearest = Infinity;
      for (let j = 0; j < i; j++) nearest = Math.min(nearest, (xs[j]! - x) ** 2 + (ys[j]! - y) ** 2);
      if (nearest > bestDistance) [bestX, bestY, bestDistance] = [x, y, nearest];
    }
    xs[i] = bestX;
    ys[i] = bestY;
  }

  const storeId = idMaker('str', 3, count);
  const nameCount = new Map<string, number>();
  const coverage = new Float64Array(count);
  const stores = Array.from({ length: count }, (_, i): StoreRecord => {
    const point = offset(CITY_CENTRE, xs[i]!, ys[i]!);
    const place = nearestPlace(point);
    const seen = (nameCount.get(place.name) ?? 0) + 1;
    nameCount.set(place.name, seen);
    coverage[i] = rng.float(0.6, 0.9);
    return {
      id: storeId(i),
      name: seen === 1 ? `QC ${place.name}` : `QC ${place.name} ${seen}`,
      lat: roundCoord(point.lat),
      lng: roundCoord(point.lng),
      address: `${rng.pick(STREETS)} ${rng.int(1, 180)}, ${place.postalCode} ${place.city}`,
      deliveryRadiusMeters: rng.int(20, 40) * 100,
      capacity: rng.int(10, 40),
      timezone: TIMEZONE,
      openingHours: openingHours(hoursKind(i, rng)),
    };
  });
  return { stores, coverage };
}

export function nearestPlace(point: Point): Place {
  let best = PLACES[0]!;
  let bestDistance = Infinity;
  for (const place of PLACES) {
    const d = distanceMeters(point, place);
    if (d < bestDistance) [best, bestDistance] = [place, d];
  }
  return best;
}

export interface StockModel {
  level(storeIndex: number, productIndex: number): number | null;
  rowsFor(storeIndex: number): Generator<StockRecord>;
  rowCount(): number;
}

/**
 * Whether a store carries a product, and how many, is a hash of (seed, store, product): any
 * pair can be asked about without building the rest, which is what lets stock stream.
 */
export function stockModel(seed: number, stores: readonly StoreRecord[], products: readonly ProductRecord[], coverage: Float64Array): StockModel {
  const stockSeed = hash32(seed, stringHash('stock'));
  const level = (s: number, p: number): number | null => {
    if (hashUnit(stockSeed, s, p, 0) >= coverage[s]!) return null;
    const h = hashUnit(stockSeed, s, p, 1);
    // About one shelf in twelve is empty right now; the rest hold 1–60 units (`| 0` floors).
    return h < 0.08 ? 0 : 1 + ((((h - 0.08) / 0.92) * 60) | 0);
  };
  let counted: number | undefined;
  return {
    level,
    *rowsFor(s: number) {
      const storeId = stores[s]!.id;
      for (let p = 0; p < products.length; p++) {
        const onHand = level(s, p);
        if (onHand !== null) yield { storeId, productId: products[p]!.id, onHand, reserved: 0 };
      }
    },
    rowCount() {
      if (counted === undefined) {
        counted = 0;
        for (let s = 0; s < stores.length; s++) {
          for (let p = 0; p < products.length; p++) if (hashUnit(stockSeed, s, p, 0) < coverage[s]!) counted++;
        }
      }
      return counted;
    },
  };
}

const localClock = new Intl.DateTimeFormat('en-US', { timeZone: TIMEZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Day of week (0 = Sunday) and minutes since midnight in Berlin. */
export function berlinClock(at: Date): { dayOfWeek: number; minutes: number } {
  const parts = Object.fromEntries(localClock.formatToParts(at).map((p) => [p.type, p.value]));
  return { dayOfWeek: WEEKDAYS.indexOf(parts.weekday!), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the store is open at that instant, overnight hours and "23:59" (until midnight) included. */
export function isOpenAt(store: StoreRecord, at: Date): boolean {
  const { dayOfWeek, minutes } = berlinClock(at);
  const yesterday = (dayOfWeek + 6) % 7;
  return store.openingHours.some((h) => {
    const opens = minutesOf(h.opens);
    const closes = h.closes === '23:59' ? 24 * 60 : minutesOf(h.closes);
    if (opens < closes) return h.dayOfWeek === dayOfWeek && minutes >= opens && minutes < closes;
    return (h.dayOfWeek === dayOfWeek && minutes >= opens) || (h.dayOfWeek === yesterday && minutes < closes);
  });
}
