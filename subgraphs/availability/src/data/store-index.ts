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
 * Postgres stays the truth: `rebuild` replaces the index from a snapshot of the `stores` table
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
   * and renamed over the live ones in one MULTI, so a lookup sees the old index or the new one, never
   * half of each. Stores too close to a pole for Redis GEO are left out (nobody delivers there).
   */
  async rebuild(snapshot: StoreSnapshot): Promise<void> {
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

    const swap = this.redis.multi();
    if (placed.length) swap.rename(tmpGeo, this.keys.geo).persist(this.keys.geo);
    else swap.del(this.keys.geo, tmpGeo);
    if (snapshot.stores.length) swap.rename(tmpMeta, this.keys.meta).persist(this.keys.meta);
    else swap.del(this.keys.meta, tmpMeta);
    swap.incr(this.keys.version).set(this.keys.source, snapshot.signature);
    results(await swap.exec());
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
