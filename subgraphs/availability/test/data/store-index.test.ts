import { haversineMeters, REDIS_GEO_EARTH_RADIUS_M } from '@qc/shared';
import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { coveringStores } from '../../src/domain/coverage';
import { createRepositories, StoreIndex, type StoreRecord } from '../../src/data';

let deps: TestDeps;

beforeAll(async () => {
  deps = await createTestDeps('availability_index', migrations);
});

afterAll(async () => {
  // The index of 10,000 stores would otherwise stay in the shared test Redis.
  const keys = await deps.redis.keys(`${deps.namespace}*`);
  if (keys.length) await deps.redis.unlink(...keys);
  await deps.close();
});

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

/** Haversine on the sphere Redis GEO uses, so the brute force and the index measure alike. */
/** Metres between two points as Redis measures them (its own Earth radius). */
const distance = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) => haversineMeters(a, b, REDIS_GEO_EARTH_RADIUS_M);

const store = (id: string, lat: number, lng: number, deliveryRadiusMeters: number): StoreRecord => ({
  id,
  name: id,
  lat,
  lng,
  address: 'somewhere',
  deliveryRadiusMeters,
  capacity: 10,
  timezone: 'Europe/Berlin',
  openingHours: [],
});

describe('StoreIndex', () => {
  it('when 10,000 stores are indexed, then every lookup finds exactly the stores whose own radius covers the point', async () => {
    const random = lcg(42);
    const stores = Array.from({ length: 10_000 }, (_, i) =>
      store(`str_${String(i).padStart(5, '0')}`, 52.52 + (random() - 0.5) * 0.8, 13.405 + (random() - 0.5) * 1.2, 1000 + Math.floor(random() * 4000)),
    );
    const repos = createRepositories(deps.db);
    await repos.stores.upsertMany(stores.slice(0, 5000));
    await repos.stores.upsertMany(stores.slice(5000));
    const index = new StoreIndex(deps.redis, deps.namespace);
    await index.rebuild(await repos.stores.snapshot());

    const timings: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const point = { lat: 52.52 + (random() - 0.5) * 0.6, lng: 13.405 + (random() - 0.5) * 0.9 };
      const started = performance.now();
      const found = coveringStores((await index.near(point.lat, point.lng))!);
      timings.push(performance.now() - started);
      const metres = new Map(stores.map((s) => [s.id, distance(point, s)]));
      // Stores within a metre of their radius could fall either way (the index rounds positions to ~0.6 m).
      const borderline = new Set(stores.filter((s) => Math.abs(metres.get(s.id)! - s.deliveryRadiusMeters) < 1).map((s) => s.id));
      const expected = stores
        .filter((s) => metres.get(s.id)! <= s.deliveryRadiusMeters && !borderline.has(s.id))
        .sort((a, b) => metres.get(a.id)! - metres.get(b.id)!)
        .map((s) => s.id);
      expect(found.map((c) => c.store.id).filter((id) => !borderline.has(id))).toEqual(expected);
      for (const hit of found) expect(hit.distanceMeters).toBeCloseTo(metres.get(hit.store.id)!, -1);
      // The process's own copy answers the same, with the version Redis holds.
      const known = index.nearKnown(point.lat, point.lng)!;
      expect(known.version).toBe(await deps.redis.get(index.versionKey));
      expect(coveringStores(known.hits).map((c) => c.store.id).filter((id) => !borderline.has(id))).toEqual(expected);
    }
    if (process.env.TEST_LOG_TIMINGS) {
      // Printed on demand only: this machine is shared and too noisy to assert on time.
      const sorted = [...timings].sort((a, b) => a - b);
      console.log(`near() over 10,000 stores: p50 ${sorted[12]!.toFixed(2)} ms, max ${sorted[24]!.toFixed(2)} ms (first lookup loads the records)`);
    }
  }, 60_000);

  it('when a store is put, then another process sees it on its next lookup without a rebuild', async () => {
    const writer = new StoreIndex(deps.redis, deps.namespace);
    const reader = new StoreIndex(deps.redis, deps.namespace);
    const far = { lat: -33.8688, lng: 151.2093 }; // Sydney: no generated store is near
    expect(await reader.near(far.lat, far.lng)).toEqual([]);
    const before = reader.nearKnown(far.lat, far.lng)!;
    expect(before.hits).toEqual([]);
    await writer.put([store('str_sydney', far.lat + 0.01, far.lng, 3000)]);
    // The reader's copy is out of date, and its version says so.
    expect(await deps.redis.get(reader.versionKey)).not.toBe(before.version);
    const found = await reader.near(far.lat, far.lng);
    expect(found?.map((h) => h.store.id)).toEqual(['str_sydney']);
    expect(found?.[0]?.distanceMeters).toBeGreaterThan(1100);
    expect(found?.[0]?.distanceMeters).toBeLessThan(1120);
    expect(reader.nearKnown(far.lat, far.lng)!.hits.map((h) => h.store.id)).toEqual(['str_sydney']);
  });

  it('when stores lie across the antimeridian or far north, then the copy finds them as GEOSEARCH does', async () => {
    const index = new StoreIndex(deps.redis, deps.namespace);
    await index.rebuild({
      stores: [store('str_east', -16.5, 179.99, 4000), store('str_west', -16.5, -179.99, 4000), store('str_north', 84.9, 20, 4000), store('str_north_far', 84.9, 21, 4000)],
      signature: 'test:edges',
    });
    for (const point of [{ lat: -16.5, lng: 179.995 }, { lat: -16.5, lng: -179.995 }, { lat: 84.91, lng: 20.2 }]) {
      const viaRedis = (await index.near(point.lat, point.lng))!.map((h) => h.store.id);
      expect(viaRedis.length).toBeGreaterThan(0);
      expect(index.nearKnown(point.lat, point.lng)!.hits.map((h) => h.store.id)).toEqual(viaRedis);
    }
  });

  it('when the index is rebuilt from a smaller table, then stores that are gone are no longer found', async () => {
    const index = new StoreIndex(deps.redis, deps.namespace);
    await index.rebuild({ stores: [store('str_only', 10, 10, 2000)], signature: 'test:1' });
    expect((await index.near(52.52, 13.405))!).toEqual([]);
    expect((await index.near(10, 10))!.map((h) => h.store.id)).toEqual(['str_only']);
    expect(await index.sourceSignature()).toBe('test:1');
  });

  it('when a store is put while a rebuild reads its snapshot, then the rebuild reads again instead of dropping it', async () => {
    const index = new StoreIndex(deps.redis, deps.namespace);
    const base = store('str_base', 30, 30, 2000);
    const opened = store('str_opened', 30.001, 30, 2000);
    await index.rebuild({ stores: [base], signature: 'test:race:0' });
    let reads = 0;
    const rebuilt = await index.rebuildFrom(async () => {
      reads += 1;
      if (reads > 1) return { stores: [base, opened], signature: 'test:race:2' };
      // The snapshot is read; then the store commits and is put into the live index.
      await index.put([opened]);
      return { stores: [base], signature: 'test:race:1' };
    });
    expect(reads).toBe(2);
    expect(rebuilt.signature).toBe('test:race:2');
    expect(await index.sourceSignature()).toBe('test:race:2');
    expect((await index.near(30, 30))!.map((h) => h.store.id)).toEqual(['str_base', 'str_opened']);
    // The aborted attempt's temporary keys are gone.
    expect(await deps.redis.keys(`${deps.namespace}:stores:*:next:*`)).toEqual([]);
  });

  it('when stores are put during every read, then the rebuild gives up waiting after 5 reads and swaps in the last snapshot', async () => {
    const index = new StoreIndex(deps.redis, deps.namespace);
    let reads = 0;
    const rebuilt = await index.rebuildFrom(async () => {
      reads += 1;
      await index.put([store(`str_busy_${reads}`, 40, 40, 2000)]);
      return { stores: [store('str_settled', 40, 40, 2000)], signature: `test:busy:${reads}` };
    });
    expect(reads).toBe(5);
    expect(rebuilt.signature).toBe('test:busy:5');
    expect(await index.sourceSignature()).toBe('test:busy:5');
    expect((await index.near(40, 40))!.map((h) => h.store.id)).toEqual(['str_settled']);
  });

  it('when a store lies nearer a pole than Redis GEO can hold, then the rebuild leaves it out instead of failing', async () => {
    const index = new StoreIndex(deps.redis, deps.namespace);
    await index.rebuild({ stores: [store('str_pole', 89, 0, 5000), store('str_ok', 60, 10, 5000)], signature: 'test:2' });
    expect((await index.near(60, 10))!.map((h) => h.store.id)).toEqual(['str_ok']);
    expect(await index.near(89, 0)).toEqual([]);
  });

  it('when nothing was ever indexed under a namespace, then a lookup says so (null) rather than "no stores"', async () => {
    const index = new StoreIndex(deps.redis, `${deps.namespace}_empty`);
    expect(await index.near(52.52, 13.405)).toBeNull();
  });

  it('when the store table changes, then its signature changes', async () => {
    const repos = createRepositories(deps.db);
    const before = await repos.stores.signature();
    await repos.stores.upsertMany([store('str_00001', 52.5, 13.4, 2500)]);
    const after = await repos.stores.signature();
    expect(after).not.toBe(before);
    expect((await repos.stores.snapshot()).signature).toBe(after);
  });
});
