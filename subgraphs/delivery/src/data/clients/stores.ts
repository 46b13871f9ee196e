import type { ServiceClient } from '@qc/shared';
import type { GeoPoint } from '..';

/** Where stores are. availability owns stores; dispatch only needs their location. */
export interface StoreLocator {
  /** Locations of the known stores among `storeIds`; unknown ones are left out. */
  locate(storeIds: readonly string[]): Promise<Map<string, GeoPoint>>;
  /**
   * The store's location if this process already holds it (as `locate` would answer it now), without
   * asking anyone; null otherwise. Lets an event record the location with the job, so the dispatcher
   * does not write it afterwards.
   */
  known(storeId: string): GeoPoint | null;
}

const STORE_LOCATIONS = /* GraphQL */ `
  query DeliveryStoreLocations($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Store {
        id
        location { lat lng }
      }
    }
  }
`;

interface StoreLocationsData {
  _entities: ({ id: string; location: GeoPoint } | null)[];
}

/** How long "availability does not know this store" is believed: long enough not to ask every dispatcher run. */
const UNKNOWN_STORE_TTL_MS = 30_000;

/**
 * Store locations from availability through its federation `_entities` field (no availability change
 * needed), signed as the delivery service. Cached in the process for `ttlMs`: stores rarely move, and an
 * offer must not wait on another subgraph. An unknown store is remembered only briefly, so a store
 * created later is found.
 */
export class AvailabilityStoreLocator implements StoreLocator {
  private readonly cache = new Map<string, { location: GeoPoint | null; until: number }>();

  constructor(
    private readonly client: ServiceClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  known(storeId: string): GeoPoint | null {
    const cached = this.cache.get(storeId);
    return cached && cached.until > this.now() ? cached.location : null;
  }

  async locate(storeIds: readonly string[]): Promise<Map<string, GeoPoint>> {
    const found = new Map<string, GeoPoint>();
    const missing: string[] = [];
    for (const id of new Set(storeIds)) {
      const cached = this.cache.get(id);
      if (!cached || cached.until <= this.now()) missing.push(id);
      else if (cached.location) found.set(id, cached.location);
    }
    if (missing.length === 0) return found;
    const data = await this.client.request<StoreLocationsData>(STORE_LOCATIONS, {
      representations: missing.map((id) => ({ __typename: 'Store', id })),
    });
    const now = this.now();
    // `_entities` answers in representation order, null for a store it does not know.
    data._entities.forEach((entity, i) => {
      if (entity) {
        found.set(entity.id, entity.location);
        this.cache.set(entity.id, { location: entity.location, until: now + this.ttlMs });
      } else {
        this.cache.set(missing[i]!, { location: null, until: now + Math.min(UNKNOWN_STORE_TTL_MS, this.ttlMs) });
      }
    });
    return found;
  }
}
