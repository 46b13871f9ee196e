import { appError, ErrorCode, withTimeout, type Logger } from '@qc/shared';
import type { DbHealth, Repositories, StockCache, StoreIndex } from '../data';
import { productAvailability, type ProductAvailabilityRecord } from '../domain/availability';
import { coveringStores, openAt, type StoreAtDistance } from '../domain/coverage';
import type { Location } from '../domain/location';

/** A cache miss that Postgres cannot fill in this time is answered as stale rather than waited for. */
export const LOAD_TIMEOUT_MS = 1000;

export interface AvailabilityServiceDeps {
  repos: Repositories;
  storeIndex: StoreIndex;
  stockCache: StockCache;
  health: DbHealth;
  log: Logger;
}

/**
 * Availability by location: covering stores from the Redis location index, free units from the Redis
 * stock cache, Postgres only for what the cache does not hold. One instance per process (it keeps the
 * store records in memory); every method is safe to call concurrently.
 */
export class AvailabilityService {
  private building: Promise<void> | null = null;

  constructor(private readonly deps: AvailabilityServiceDeps) {}

  /** Stores whose delivery radius covers the location, open or not, nearest first. */
  async storesCovering(location: Location): Promise<StoreAtDistance[]> {
    let hits = await this.deps.storeIndex.near(location.lat, location.lng);
    if (!hits) {
      await this.buildIndex();
      hits = (await this.deps.storeIndex.near(location.lat, location.lng)) ?? [];
    }
    return coveringStores(hits);
  }

  /** What of each product can be delivered to the location at `now`, in the order of `productIds`. */
  async lookup(location: Location, productIds: readonly string[], now: Date): Promise<ProductAvailabilityRecord[]> {
    const [covering, dbUp] = await Promise.all([this.storesCovering(location), this.deps.health.isUp()]);
    const stores = openAt(covering, now);
    const wanted = [...new Set(productIds)];
    const storeIds = stores.map((s) => s.store.id);
    const cached = await this.deps.stockCache.read(storeIds, wanted);

    const free = new Map<string, number>();
    const key = (storeId: string, productId: string) => `${storeId}\u0000${productId}`;
    const missing = new Map<string, string[]>();
    for (const [storeId, entry] of cached) {
      const notCached = wanted.filter((productId, i) => {
        const units = entry.free[i];
        if (units === null || units === undefined) return true;
        free.set(key(storeId, productId), units);
        return false;
      });
      if (notCached.length) missing.set(storeId, notCached);
    }

    let stale = !dbUp;
    if (missing.size > 0 && dbUp) {
      try {
        const loaded = await this.loadAndFill(missing, cached);
        for (const row of loaded) free.set(key(row.storeId, row.productId), row.free);
      } catch (error) {
        this.deps.health.markDown();
        this.deps.log.warn({ err: error }, 'stock could not be read from Postgres; answering from the cache as stale');
        stale = true;
      }
    }
    return productIds.map((productId) =>
      productAvailability(productId, stores, (storeId) => free.get(key(storeId, productId)) ?? 0, stale),
    );
  }

  /**
   * Reads the missing (store, product) pairs from Postgres in one query and writes them back to the
   * cache, with 0 for a product a store does not carry (so unknown ids are cached as well).
   */
  private async loadAndFill(missing: ReadonlyMap<string, readonly string[]>, cached: ReadonlyMap<string, { version: string }>) {
    const productIds = [...new Set([...missing.values()].flat())];
    const rows = await withTimeout(this.deps.repos.stock.freeUnits([...missing.keys()], productIds), LOAD_TIMEOUT_MS, 'postgres');
    const byStore = new Map<string, Map<string, number>>();
    for (const row of rows) {
      let units = byStore.get(row.storeId);
      if (!units) byStore.set(row.storeId, (units = new Map()));
      units.set(row.productId, row.free);
    }
    const fills = new Map<string, { version: string; free: Map<string, number> }>();
    const loaded: { storeId: string; productId: string; free: number }[] = [];
    for (const [storeId, products] of missing) {
      const entries = new Map<string, number>();
      for (const productId of products) {
        const units = byStore.get(storeId)?.get(productId) ?? 0;
        entries.set(productId, units);
        loaded.push({ storeId, productId, free: units });
      }
      fills.set(storeId, { version: cached.get(storeId)!.version, free: entries });
    }
    // A failed write-back only costs the next request a miss; the answer is already right.
    await this.deps.stockCache.fill(fills).catch((error: unknown) => this.deps.log.warn({ err: error }, 'stock cache fill failed'));
    return loaded;
  }

  /** Builds the location index from Postgres when Redis has none (first start, flushed Redis). One build at a time. */
  private buildIndex(): Promise<void> {
    this.building ??= (async () => {
      try {
        const snapshot = await withTimeout(this.deps.repos.stores.snapshot(), 5 * LOAD_TIMEOUT_MS, 'postgres');
        await this.deps.storeIndex.rebuild(snapshot);
        this.deps.log.info({ stores: snapshot.stores.length }, 'store location index built');
      } catch (error) {
        this.deps.log.error({ err: error }, 'store location index could not be built');
        throw appError(ErrorCode.UNAVAILABLE, 'Store locations are not available right now; try again shortly');
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }
}
