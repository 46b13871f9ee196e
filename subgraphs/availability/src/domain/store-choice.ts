import type { StoreAtDistance } from './coverage';

/** A store that could take a reservation, with how busy it is. */
export interface StoreCandidate extends StoreAtDistance {
  /**
   * Orders the store is working on or about to: its open pick tasks as fulfillment last reported them
   * (`fulfillment.store_load`) plus its ACTIVE reservations (orders not yet confirmed, so not yet queued).
   */
  load: number;
}

/**
 * Distances within one band count as equally near: a few hundred metres are a minute on a bike, while a
 * store working through a long queue is many minutes slower to pack.
 */
export const DISTANCE_BAND_METERS = 500;

/** Whether the store already works on as many orders as it can at once. */
export const isOverloaded = (candidate: Pick<StoreCandidate, 'load' | 'store'>): boolean => candidate.load >= candidate.store.capacity;

/**
 * Orders the stores that hold every item, best first:
 *
 * 1. stores below capacity before overloaded ones (load ≥ capacity): an overloaded store is a last resort,
 *    used only when no other store has everything;
 * 2. nearer distance band (500 m bands) first;
 * 3. within a band, the lower utilisation (load / capacity) first;
 * 4. then the exact distance, then the id, so the order never flickers.
 *
 * Pure: the caller supplies distances (from the location index) and loads.
 */
export function rankStores(candidates: readonly StoreCandidate[]): StoreCandidate[] {
  const key = (c: StoreCandidate) => ({
    overloaded: isOverloaded(c) ? 1 : 0,
    band: Math.floor(c.distanceMeters / DISTANCE_BAND_METERS),
    utilisation: c.load / c.store.capacity,
  });
  return [...candidates]
    .map((c) => ({ c, k: key(c) }))
    .sort(
      (a, b) =>
        a.k.overloaded - b.k.overloaded ||
        a.k.band - b.k.band ||
        a.k.utilisation - b.k.utilisation ||
        a.c.distanceMeters - b.c.distanceMeters ||
        (a.c.store.id < b.c.store.id ? -1 : a.c.store.id > b.c.store.id ? 1 : 0),
    )
    .map(({ c }) => c);
}
