import { appError, ErrorCode, haversineMeters, REDIS_GEO_EARTH_RADIUS_M, withTimeout, type Logger } from '@qc/shared';
import type { CachedStoreStock, DbHealth, RedisHealth, Repositories, StockCache, StoreIndex, StoreRecord } from '../data';
import { productAvailability, type ProductAvailabilityRecord } from '../domain/availability';
import { coveringStores, openAt, type StoreAtDistance } from '../domain/coverage';
import type { Location } from '../domain/location';

/** A cache miss that Postgres cannot fill in this time is answered as stale rather than waited for. */
export const LOAD_TIMEOUT_MS = 1000;

/** A store whose warm-up was refused (its stock changed meanwhile) or failed is not tried again sooner. */
export const WARM_RETRY_MS = 1000;

/** While Redis is down, the store list read from Postgres is reused this long before it is read again. */
export const STORE_LIST_FRESH_MS = 5000;

export interface AvailabilityServiceDeps {
  repos: Repositories;
  storeIndex: StoreIndex;
  stockCache: StockCache;
  health: DbHealth;
  redisHealth: RedisHealth;
  log: Logger;
}

/** Covering stores and whether they came from the Redis index (false: from Postgres, Redis being down). */
interface Coverage {
  stores: StoreAtDistance[];
  fromRedis: boolean;
}

/**
 * Availability by location: covering stores from the Redis location index, free units from the Redis
 * stock cache, Postgres only for what the cache does not hold. When Redis is down (or answers nothing
 * within its budget) the same answer is made from Postgres: the stores from a copy of the store list
 * (at most `STORE_LIST_FRESH_MS` old) with distances computed here, the free units read directly, and
 * the answer flagged stale. One instance per process (it keeps the store records in memory); every
 * method is safe to call concurrently.
 */
export class AvailabilityService {
  private building: Promise<void> | null = null;
  private storeList: { stores: StoreRecord[]; at: number } | null = null;
  private listing: Promise<StoreRecord[]> | null = null;
  /** Stores waiting for their whole stock to be cached, one at a time (`warmNext`). */
  private readonly toWarm = new Set<string>();
  /** Stores not to warm again before this time (`WARM_RETRY_MS` after a refused or failed try). */
  private readonly warmAfter = new Map<string, number>();
  private warming: Promise<void> | null = null;

  constructor(private readonly deps: AvailabilityServiceDeps) {}

  /** Stores whose delivery radius covers the location, open or not, nearest first. */
  async storesCovering(location: Location): Promise<StoreAtDistance[]> {
    return (await this.coverage(location)).stores;
  }

  private async coverage(location: Location): Promise<Coverage> {
    const { redisHealth, storeIndex } = this.deps;
    let hits = await redisHealth.read(() => storeIndex.near(location.lat, location.lng));
    if (hits === null) {
      // A build that fails (Redis lost half-way) leaves the answer to Postgres below.
      hits = await this.buildIndex().then(
        () => redisHealth.read(async () => (await storeIndex.near(location.lat, location.lng)) ?? []),
        () => undefined,
      );
    }
    if (hits) return { stores: coveringStores(hits), fromRedis: true };
    const stores = await this.storesFromPostgres();
    // The distance Redis would have measured (its own Earth radius), so an answer does not change with the path.
    const measured = stores.map((store) => ({ store, distanceMeters: haversineMeters(location, store, REDIS_GEO_EARTH_RADIUS_M) }));
    return { stores: coveringStores(measured), fromRedis: false };
  }

  /**
   * The store list for when Redis is down: read from Postgres, reused for `STORE_LIST_FRESH_MS` and then
   * refreshed in the background (only the very first read waits). With Postgres down too, the last copy
   * is used however old it is; without one the request is UNAVAILABLE.
   */
  private async storesFromPostgres(): Promise<StoreRecord[]> {
    const known = this.storeList;
    if (known && Date.now() - known.at < STORE_LIST_FRESH_MS) return known.stores;
    this.listing ??= withTimeout(this.deps.repos.stores.snapshot(), LOAD_TIMEOUT_MS, 'postgres')
      .then(({ stores }) => {
        this.storeList = { stores, at: Date.now() };
        return stores;
      })
      .finally(() => {
        this.listing = null;
      });
    const loading = this.listing;
    if (known) {
      loading.catch((error: unknown) => this.deps.log.warn({ err: error }, 'store list could not be refreshed; using the last copy'));
      return known.stores;
    }
    try {
      return await loading;
    } catch (error) {
      this.deps.log.error({ err: error }, 'neither Redis nor Postgres can say where the stores are');
      throw appError(ErrorCode.UNAVAILABLE, 'Store locations are not available right now; try again shortly');
    }
  }

  /** What of each product can be delivered to the location at `now`, in the order of `productIds`. */
  async lookup(location: Location, productIds: readonly string[], now: Date): Promise<ProductAvailabilityRecord[]> {
    const wanted = [...new Set(productIds)];
    const [{ stores, cached }, dbUp] = await Promise.all([this.storesAndStock(location, now, wanted), this.deps.health.isUp()]);
    const position = new Map(wanted.map((productId, i) => [productId, i]));
    const storeIds = stores.map((s) => s.store.id);

    // Free units per store, in the order of `wanted` (null: not known yet).
    const free = new Map<string, (number | null)[]>();
    const missing = new Map<string, string[]>();
    for (const storeId of storeIds) {
      const inCache = cached?.get(storeId);
      // Without the cache every covering store's stock is read from Postgres.
      const units = inCache?.free ?? wanted.map(() => null);
      free.set(storeId, units);
      const notCached = wanted.filter((_, i) => units[i] === null);
      if (notCached.length) missing.set(storeId, notCached);
      if (inCache && !inCache.complete && dbUp) this.warm(storeId);
    }

    // Redis down: the numbers are Postgres' own, but the stores come from a copy of the list and no cache
    // entry could be dropped while it was away, so the answer says it was made in a degraded mode.
    let stale = !dbUp || !cached;
    if (missing.size > 0 && dbUp) {
      try {
        const loaded = await this.loadAndFill(missing, cached);
        for (const row of loaded) free.get(row.storeId)![position.get(row.productId)!] = row.free;
      } catch (error) {
        this.deps.health.markDown();
        this.deps.log.warn({ err: error }, 'stock could not be read from Postgres; answering from the cache as stale');
        stale = true;
      }
    }
    return productIds.map((productId) => {
      const i = position.get(productId)!;
      return productAvailability(productId, stores, (storeId) => free.get(storeId)![i] ?? 0, stale);
    });
  }

  /**
   * The open covering stores and what the stock cache holds for them (undefined: the cache was not asked,
   * Redis being down). Usually one Redis round trip: the covering stores come from this process's copy of
   * the store records, and the index's version, read with the stock, says whether the copy was current;
   * when it was not (a store changed), or there is no copy yet, the index is asked (`coverage`) and the
   * stock read after it, as before.
   */
  private async storesAndStock(location: Location, now: Date, wanted: readonly string[]): Promise<{ stores: StoreAtDistance[]; cached: ReadonlyMap<string, CachedStoreStock> | undefined }> {
    const { redisHealth, storeIndex, stockCache } = this.deps;
    const known = redisHealth.isUp() ? storeIndex.nearKnown(location.lat, location.lng) : null;
    if (known) {
      const stores = openAt(coveringStores(known.hits), now);
      const read = await redisHealth.read(() => stockCache.readWith(storeIndex.versionKey, stores.map((s) => s.store.id), wanted));
      if (read?.also === known.version) return { stores, cached: read.stock };
      // The index moved (or Redis failed, which `coverage` then finds): the general path decides.
    }
    const coverage = await this.coverage(location);
    const stores = openAt(coverage.stores, now);
    const storeIds = stores.map((s) => s.store.id);
    const cached = coverage.fromRedis ? await redisHealth.read(() => stockCache.read(storeIds, wanted)) : undefined;
    return { stores, cached };
  }

  /**
   * Reads the missing (store, product) pairs from Postgres in one query and writes them back to the
   * cache, with 0 for a product a store does not carry (so unknown ids are cached as well).
   */
  private async loadAndFill(missing: ReadonlyMap<string, readonly string[]>, cached: ReadonlyMap<string, { version: string }> | undefined) {
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
      const version = cached?.get(storeId)?.version;
      if (version !== undefined) fills.set(storeId, { version, free: entries });
    }
    // Not awaited: the answer is already right, so it does not wait one more Redis round trip (on a busy
    // machine each costs milliseconds of scheduling). The fill is sent on this process's connection before
    // another request can be read, and Redis runs one connection's commands in order, so this process's
    // next lookup sees it; a failed write-back only costs a later request a miss.
    if (fills.size) void this.deps.stockCache.fill(fills).catch((error: unknown) => this.deps.log.warn({ err: error }, 'stock cache fill failed'));
    return loaded;
  }

  /**
   * Has the store's whole stock cached, in the background, so that lookups there stop missing: a customer
   * screen asks ~100 (store, product) pairs drawn from every store around, and filling only the pairs
   * asked left most lookups paying a Postgres query for minutes (the 1,000-store × 5,000-product bench:
   * 64 % of lookups still missed after a minute). One store at a time per process, so the cost (one
   * range read of the stock key, one short Redis call per slice) stays off the requests' path and bounded; a store
   * already queued is not queued twice. The fill is guarded by the store's version like any other.
   */
  private warm(storeId: string): void {
    const after = this.warmAfter.get(storeId);
    if (after !== undefined && Date.now() < after) return;
    this.toWarm.add(storeId);
    this.warming ??= this.warmQueued().finally(() => {
      this.warming = null;
    });
  }

  private async warmQueued(): Promise<void> {
    const { repos, stockCache, log } = this.deps;
    for (const storeId of this.toWarm) {
      try {
        const version = await stockCache.version(storeId);
        const slices = await withTimeout(repos.stock.freeUnitsOfStoreSlices(storeId), 5 * LOAD_TIMEOUT_MS, 'postgres');
        if (await stockCache.warm(storeId, version, slices)) this.warmAfter.delete(storeId);
        else this.warmAfter.set(storeId, Date.now() + WARM_RETRY_MS);
      } catch (error) {
        this.warmAfter.set(storeId, Date.now() + WARM_RETRY_MS);
        log.warn({ err: error, storeId }, 'stock cache could not be warmed for a store');
      } finally {
        this.toWarm.delete(storeId);
      }
    }
  }

  /** Resolves once no store is waiting to be warmed (tests wait on it). */
  async warmed(): Promise<void> {
    while (this.warming) await this.warming;
  }

  /** Builds the location index from Postgres when Redis has none (first start, flushed Redis). One build at a time. */
  private buildIndex(): Promise<void> {
    this.building ??= (async () => {
      try {
        const snapshot = await this.deps.storeIndex.rebuildFrom(() => withTimeout(this.deps.repos.stores.snapshot(), 5 * LOAD_TIMEOUT_MS, 'postgres'));
        this.deps.log.info({ stores: snapshot.stores.length }, 'store location index built');
      } catch (error) {
        this.deps.log.error({ err: error }, 'store location index could not be built');
        throw error;
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }
}
