import { randomUUID } from 'node:crypto';
import { haversineMeters, REDIS_GEO_EARTH_RADIUS_M, type Redis } from '@qc/shared';
import type { StoreRecord, StoreSnapshot } from './types';

/** Redis GEO cannot hold points closer to the poles than this (its geohash is Web Mercator's square). */
export const GEO_LAT_LIMIT = 85.05112878;

/** A store found near a location, with the distance Redis measured (metres, haversine). */
export interface StoreHit {
  store: StoreRecord;
  distanceMeters: number;
}

interface Snapshot {
  version: string;
  stores: Map<string, StoreRecord>;
  /** The largest delivery radius: no store further away than this can cover anyone. */
  maxRadius: number;
}

const indexable = (store: Pick<StoreRecord, 'lat'>) => Math.abs(store.lat) <= GEO_LAT_LIMIT;

/** How often `rebuildFrom` reads a new snapshot when stores keep being put while it builds. */
const REBUILD_ATTEMPTS = 5;

/**
 * The swap of a rebuild, atomic: with a fourth argument, only if the version still is that ('' for none
 * yet); otherwise the temporary keys go and it answers 0. Renames the new GEO set and records over the
 * live ones (or deletes the live ones when the snapshot has none), moves the version, records the source.
 * KEYS: tmp geo, tmp meta, geo, meta, version, source. ARGV: any placed (1/0), any stores (1/0),
 * signature[, expected version].
 */
const SWAP = `
if ARGV[4] and (redis.call('GET', KEYS[5]) or '') ~= ARGV[4] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 0
end
local function replace(tmp, live, any)
  if any == '1' then
    redis.call('RENAME', tmp, live)
    redis.call('PERSIST', live)
  else
    redis.call('DEL', live, tmp)
  end
end
replace(KEYS[1], KEYS[3], ARGV[1])
replace(KEYS[2], KEYS[4], ARGV[2])
redis.call('INCR', KEYS[5])
redis.call('SET', KEYS[6], ARGV[3])
return 1
`;
const SWAP_COMMAND = 'qcAvailabilityStoreIndexSwap';
type SwapScript = Record<typeof SWAP_COMMAND, (numKeys: number, ...args: (string | number)[]) => Promise<number>>;
const RAD = Math.PI / 180;

/** Redis replies to a pipeline as `[error, result]` pairs; any error fails the whole read. */
function results(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('redis transaction was aborted');
  return replies.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

/**
 * Where the stores are, in Redis: a GEO set (`<ns>:stores:geo`, member = store id) answers "which
 * stores lie within r metres" in O(log N + hits) however many stores there are, and a hash
 * (`<ns>:stores:meta`) holds each store's record so the radius and opening hours can be checked
 * without Postgres. A version counter (`<ns>:stores:version`) moves on every change; each process
 * keeps the records in memory and reloads them only when the version moved, so a lookup is one
 * round trip (GET version + GEOSEARCH, pipelined).
 *
 * Postgres stays the truth: `rebuildFrom` replaces the index from a snapshot of the `stores` table
 * (at start and whenever the table's signature changes), `put` keeps it current between rebuilds.
 */
export class StoreIndex {
  private readonly keys: { geo: string; meta: string; version: string; source: string };
  private snapshot: Snapshot | null = null;
  private refreshing: Promise<Snapshot | null> | null = null;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    if (!(SWAP_COMMAND in redis)) redis.defineCommand(SWAP_COMMAND, { lua: SWAP });
    this.keys = {
      geo: `${namespace}:stores:geo`,
      meta: `${namespace}:stores:meta`,
      version: `${namespace}:stores:version`,
      source: `${namespace}:stores:source`,
    };
  }

  /** Adds or updates stores (call after their rows are committed). */
  async put(stores: readonly StoreRecord[]): Promise<void> {
    if (stores.length === 0) return;
    const multi = this.redis.multi();
    const placed = stores.filter(indexable);
    const unplaceable = stores.filter((s) => !indexable(s));
    if (placed.length) multi.geoadd(this.keys.geo, ...placed.flatMap((s) => [s.lng, s.lat, s.id]));
    if (unplaceable.length) multi.zrem(this.keys.geo, ...unplaceable.map((s) => s.id));
    multi.hset(this.keys.meta, ...stores.flatMap((s) => [s.id, JSON.stringify(s)]));
    multi.incr(this.keys.version);
    results(await multi.exec());
  }

  /**
   * Replaces the whole index with `snapshot`, atomically: the new set is built under temporary keys
   * and renamed over the live ones in one script, so a lookup sees the old index or the new one, never
   * half of each. Stores too close to a pole for Redis GEO are left out (nobody delivers there).
   * Unconditional: a `put` made after `snapshot` was read is lost until the next rebuild; the processes
   * rebuild with `rebuildFrom`, which is not.
   */
  async rebuild(snapshot: StoreSnapshot): Promise<void> {
    await this.swapIn(snapshot, undefined);
  }

  /**
   * `rebuild` from the snapshot `read` takes, without dropping a store put meanwhile: a store committed
   * after the snapshot was read is `put` into the live index, and swapping the older snapshot in over it
   * would hide that store until the next rebuild. So the index's version is read before the snapshot and
   * the swap happens only if it has not moved since; otherwise the snapshot is read again. After
   * REBUILD_ATTEMPTS tries (stores changing all the time) the last one is swapped in regardless: the
   * table's signature then differs from the index's source and the reconciler rebuilds again.
   */
  async rebuildFrom(read: () => Promise<StoreSnapshot>): Promise<StoreSnapshot> {
    for (let attempt = 1; ; attempt += 1) {
      const version = (await this.redis.get(this.keys.version)) ?? '';
      const snapshot = await read();
      if (await this.swapIn(snapshot, attempt < REBUILD_ATTEMPTS ? version : undefined)) return snapshot;
    }
  }

  /** Builds `snapshot` under temporary keys and swaps it in if the version is still `ifVersion` (any, when undefined). */
  private async swapIn(snapshot: StoreSnapshot, ifVersion: string | undefined): Promise<boolean> {
    const suffix = `:next:${randomUUID()}`;
    const tmpGeo = this.keys.geo + suffix;
    const tmpMeta = this.keys.meta + suffix;
    const placed = snapshot.stores.filter(indexable);
    const fill = this.redis.pipeline();
    for (let i = 0; i < snapshot.stores.length; i += 1000) {
      const chunk = snapshot.stores.slice(i, i + 1000);
      const chunkPlaced = chunk.filter(indexable);
      if (chunkPlaced.length) fill.geoadd(tmpGeo, ...chunkPlaced.flatMap((s) => [s.lng, s.lat, s.id]));
      fill.hset(tmpMeta, ...chunk.flatMap((s) => [s.id, JSON.stringify(s)]));
    }
    // A process that dies half-way leaves nothing behind for long.
    fill.expire(tmpGeo, 300).expire(tmpMeta, 300);
    results(await fill.exec());

    const swapped = await (this.redis as unknown as SwapScript)[SWAP_COMMAND](
      6,
      tmpGeo,
      tmpMeta,
      this.keys.geo,
      this.keys.meta,
      this.keys.version,
      this.keys.source,
      placed.length ? 1 : 0,
      snapshot.stores.length ? 1 : 0,
      snapshot.signature,
      ...(ifVersion === undefined ? [] : [ifVersion]),
    );
    return swapped === 1;
  }

  /** The key of the index's version counter: a caller reading it with other keys in one round trip checks `nearKnown`'s answer. */
  get versionKey(): string {
    return this.keys.version;
  }

  /**
   * `near` from this process's copy of the store records, without asking Redis: every store within the
   * largest delivery radius, nearest first, measured as Redis measures (its Earth radius), with the
   * version of the copy. Null when there is no copy yet, or the point is beyond what Redis GEO holds
   * (ask `near`). The answer holds only if the index's version in Redis is still `version`: the caller
   * reads it (`versionKey`) in the round trip that uses the answer and asks `near` when it moved. A
   * scan of the copy (1,000 stores: tens of microseconds) instead of GEOSEARCH saves a lookup one of
   * its Redis round trips, each a wake-up of Redis and of this process that on a busy machine costs
   * milliseconds of waiting.
   */
  nearKnown(lat: number, lng: number): { version: string; hits: StoreHit[] } | null {
    const known = this.snapshot;
    if (!known || Math.abs(lat) > GEO_LAT_LIMIT) return null;
    const hits: StoreHit[] = [];
    // Most stores are ruled out without the trigonometry: a great-circle distance is at least
    // R·|Δlat| (radians), and at least (2/π)·R·cos(φ)·|Δlng| with φ the larger latitude of the two, so
    // a store further apart than that in either coordinate is beyond the largest radius.
    const maxDLat = (known.maxRadius / REDIS_GEO_EARTH_RADIUS_M / RAD) * (1 + 1e-9);
    const nearestPole = Math.min(90, Math.abs(lat) + maxDLat);
    const maxDLng = nearestPole >= 90 ? 360 : ((Math.PI / 2) * known.maxRadius) / (REDIS_GEO_EARTH_RADIUS_M * Math.cos(nearestPole * RAD)) / RAD;
    for (const store of known.stores.values()) {
      if (!indexable(store) || Math.abs(store.lat - lat) > maxDLat) continue;
      const dLng = Math.abs(store.lng - lng);
      if (Math.min(dLng, 360 - dLng) > maxDLng) continue;
      const distanceMeters = haversineMeters({ lat, lng }, store, REDIS_GEO_EARTH_RADIUS_M);
      if (distanceMeters <= known.maxRadius) hits.push({ store, distanceMeters });
    }
    hits.sort((a, b) => a.distanceMeters - b.distanceMeters);
    return { version: known.version, hits };
  }

  /** The signature of the `stores` table the index was last rebuilt from, or null if it never was. */
  sourceSignature(): Promise<string | null> {
    return this.redis.get(this.keys.source);
  }

  /**
   * Every store within the largest delivery radius of the point, nearest first, or null when the index
   * has never been built (the caller builds it from Postgres and asks again). Whether each store's own
   * radius covers the point is the caller's rule to apply.
   */
  async near(lat: number, lng: number): Promise<StoreHit[] | null> {
    if (Math.abs(lat) > GEO_LAT_LIMIT) return (await this.currentSnapshot()) ? [] : null;
    const known = this.snapshot;
    if (known && known.maxRadius > 0) {
      const [version, hits] = results(await this.redis.pipeline().get(this.keys.version).geosearch(...this.searchArgs(lat, lng, known.maxRadius)).exec());
      if (version === known.version) return this.toHits(hits as [string, string][], known);
    }
    const snapshot = await this.currentSnapshot();
    if (!snapshot) return null;
    if (snapshot.maxRadius === 0) return [];
    const hits = (await this.redis.geosearch(...this.searchArgs(lat, lng, snapshot.maxRadius))) as [string, string][];
    return this.toHits(hits, snapshot);
  }

  private searchArgs(lat: number, lng: number, radius: number) {
    return [this.keys.geo, 'FROMLONLAT', lng, lat, 'BYRADIUS', radius, 'm', 'ASC', 'WITHDIST'] as const;
  }

  private toHits(hits: [string, string][], snapshot: Snapshot): StoreHit[] {
    const found: StoreHit[] = [];
    for (const [id, distance] of hits) {
      const store = snapshot.stores.get(id);
      if (store) found.push({ store, distanceMeters: Number(distance) });
    }
    return found;
  }

  /** The in-memory copy of the store records, reloaded from Redis when the version has moved. */
  private async currentSnapshot(): Promise<Snapshot | null> {
    const version = await this.redis.get(this.keys.version);
    if (version !== null && version === this.snapshot?.version) return this.snapshot;
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async load(): Promise<Snapshot | null> {
    // One MULTI so the records and the version they belong to are read together.
    const [version, meta] = results(await this.redis.multi().get(this.keys.version).hgetall(this.keys.meta).exec()) as [
      string | null,
      Record<string, string>,
    ];
    if (version === null) {
      this.snapshot = null;
      return null;
    }
    const stores = new Map<string, StoreRecord>();
    let maxRadius = 0;
    for (const [id, json] of Object.entries(meta)) {
      const store = JSON.parse(json) as StoreRecord;
      stores.set(id, store);
      maxRadius = Math.max(maxRadius, store.deliveryRadiusMeters);
    }
    this.snapshot = { version, stores, maxRadius };
    return this.snapshot;
  }
}
