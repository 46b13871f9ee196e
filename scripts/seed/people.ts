/** The people of the demo city: customers with their homes, and couriers. */
import { idMaker } from './common';
import { randomPointWithin, roundCoord, type Point } from './geo';
import { asciiFold, FIRST_NAMES, LAST_NAMES, STREETS } from './places';
import type { Random } from './random';
import { nearestPlace } from './stores';
import type {
  AddressRecord,
  CourierRecord,
  CustomerRecord,
  StoreRecord,
  VehicleType,
} from './types';

export interface Home {
  storeIndex: number;
  address: AddressRecord;
}

export function addressAt(rng: Random, point: Point): AddressRecord {
  const place = nearestPlace(point);
  return {
    line1: `${rng.pick(STREETS)} ${rng.int(1, 180)}`,
    city: place.city,
    postalCode: place.postalCode,
    lat: roundCoord(point.lat),
    lng: roundCoord(point.lng),
  };
}

/** A point safely inside a store's delivery area (rounding never pushes it out). */
export const pointInRadius = (rng: Random, store: StoreRecord, share = 0.9): Point =>
  randomPointWithin(rng, store, store.deliveryRadiusMeters * share);

export function generateCustomers(rng: Random, count: number, stores: readonly StoreRecord[]): { customers: CustomerRecord[]; homes: Home[] } {
  const customerId = idMaker('cus', 3, count);
  const usedLocals = new Set<string>();
  const homes: Home[] = [];
  const customers = Array.from({ length: count }, (_, i): CustomerRecord => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${asciiFold(first)}.${asciiFold(last)}`;
    let local = base;
    for (let n = 2; usedLocals.has(local); n++) local = `${base}${n}`;
    usedLocals.add(local);
    // cus_001 lives in str_001's area so the demo customer and the demo store meet.
    const storeIndex = i === 0 ? 0 : rng.int(0, stores.length - 1);
    homes.push({ storeIndex, address: addressAt(rng, pointInRadius(rng, stores[storeIndex]!)) });
    return { id: customerId(i), name: `${first} ${last}`, email: `${local}@${rng.pick(['example.com', 'example.org', 'example.net'])}` };
  });
  return { customers, homes };
}

export function generateCouriers(rng: Random, count: number, stores: readonly StoreRecord[]): CourierRecord[] {
  const courierId = idMaker('cou', 3, count);
  return Array.from({ length: count }, (_, i): CourierRecord => ({
    id: courierId(i),
    name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    vehicle: rng.weighted<VehicleType>([
      ['E_BIKE', 45],
      ['BICYCLE', 30],
      ['SCOOTER', 20],
      ['CAR', 5],
    ]),
    // Ratings bunch up near the top, as they do in every courier app.
    rating: Math.round((3.5 + 1.5 * Math.sqrt(rng.next())) * 100) / 100,
    status: 'OFFLINE',
    currentLoad: 0,
    // Round-robin so every store has couriers (cou_001 works from str_001); a few float between stores.
    homeStoreId: i > 0 && rng.chance(0.03) ? null : stores[i % stores.length]!.id,
  }));
}
