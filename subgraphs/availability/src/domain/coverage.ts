import type { StoreRecord } from '../data/types';
import { isOpenAt } from './opening-hours';

/** A store and how far it is from the location asked about. */
export interface StoreAtDistance {
  store: StoreRecord;
  distanceMeters: number;
}

/**
 * The stores whose own delivery radius reaches the location (the index only knows "within the largest
 * radius"), nearest first; equal distances by id so the order never flickers.
 */
export function coveringStores(candidates: readonly StoreAtDistance[]): StoreAtDistance[] {
  return candidates
    .filter((c) => c.distanceMeters <= c.store.deliveryRadiusMeters)
    .sort((a, b) => a.distanceMeters - b.distanceMeters || (a.store.id < b.store.id ? -1 : a.store.id > b.store.id ? 1 : 0));
}

/** The stores open at `now` in their own time zones, order kept. */
export const openAt = (stores: readonly StoreAtDistance[], now: Date): StoreAtDistance[] =>
  stores.filter((s) => isOpenAt(s.store.openingHours, s.store.timezone, now));
