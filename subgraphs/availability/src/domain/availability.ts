import type { StoreRecord } from '../data/types';
import type { StoreAtDistance } from './coverage';

/** One covering store's share of a product's availability. */
export interface StoreShare {
  store: StoreRecord;
  /** Whole metres. */
  distanceMeters: number;
  quantity: number;
}

/** What of one product can be delivered to a location now (GraphQL `ProductAvailability`). */
export interface ProductAvailabilityRecord {
  productId: string;
  deliverable: boolean;
  quantity: number;
  /** Stores with free units, nearest first. */
  stores: StoreShare[];
  /** Postgres could not be asked: cached numbers, and nothing for what the cache did not hold. */
  stale: boolean;
}

/**
 * The union of free stock over the covering open stores: units add up, and a store counts only when it
 * has at least one free unit. `free` answers for (store, product); anything below zero counts as zero.
 */
export function productAvailability(
  productId: string,
  stores: readonly StoreAtDistance[],
  free: (storeId: string) => number,
  stale: boolean,
): ProductAvailabilityRecord {
  const shares: StoreShare[] = [];
  for (const { store, distanceMeters } of stores) {
    const quantity = Math.max(0, free(store.id));
    if (quantity > 0) shares.push({ store, distanceMeters: Math.round(distanceMeters), quantity });
  }
  const quantity = shares.reduce((sum, share) => sum + share.quantity, 0);
  return { productId, deliverable: quantity > 0, quantity, stores: shares, stale };
}
