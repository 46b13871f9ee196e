import { badInput } from '@qc/shared';

/** A point as clients send it (`LocationInput`). */
export interface Location {
  lat: number;
  lng: number;
}

/** How many products one availability question may name: a screenful, with room to spare. */
export const MAX_PRODUCT_IDS = 200;
/** Longer than any id we hand out; keeps nonsense out of cache keys. */
export const MAX_ID_LENGTH = 100;

/** Throws BAD_USER_INPUT unless the point is on Earth: finite, −90 ≤ lat ≤ 90, −180 ≤ lng ≤ 180. */
export function assertLocation(location: Location): void {
  if (!Number.isFinite(location.lat) || location.lat < -90 || location.lat > 90) {
    throw badInput(`latitude ${location.lat} is not within −90…90`, 'location.lat');
  }
  if (!Number.isFinite(location.lng) || location.lng < -180 || location.lng > 180) {
    throw badInput(`longitude ${location.lng} is not within −180…180`, 'location.lng');
  }
}

/** Throws BAD_USER_INPUT for an empty list, more than 200 ids, or an empty or over-long id. */
export function assertProductIds(productIds: readonly string[]): void {
  if (productIds.length === 0) throw badInput('productIds must name at least one product', 'productIds');
  if (productIds.length > MAX_PRODUCT_IDS) {
    throw badInput(`productIds names ${productIds.length} products; at most ${MAX_PRODUCT_IDS} per request`, 'productIds');
  }
  const bad = productIds.find((id) => id.trim().length === 0 || id.length > MAX_ID_LENGTH);
  if (bad !== undefined) throw badInput(`"${bad.slice(0, 20)}" is not a product id`, 'productIds');
}

/** The same point always gives the same key (a DataLoader key, a log field). */
export const locationKey = (location: Location): string => `${location.lat},${location.lng}`;
