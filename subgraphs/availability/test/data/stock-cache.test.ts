import { createRedis, redisNamespace, subgraphConfig } from '@qc/shared';
import { TEST_REDIS_URL, uniqueSchema } from '@qc/shared/testing';
import { StockCache } from '../../src/data/stock-cache';

const redis = createRedis(TEST_REDIS_URL);
const namespace = uniqueSchema('availability_cache');
const cache = new StockCache(redis, namespace);

afterAll(async () => {
  const keys = await redis.keys(`${namespace}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const fillOne = (storeId: string, version: string, entries: [string, number][]) =>
  cache.fill(new Map([[storeId, { version, free: new Map(entries) }]]));

describe('StockCache', () => {
  it('when nothing is cached, then every entry is a miss; once filled, the numbers come back', async () => {
    const before = await cache.read(['str_a'], ['prd_1', 'prd_2']);
    expect(before.get('str_a')).toEqual({ version: '', free: [null, null], complete: false });
    expect(await fillOne('str_a', '', [['prd_1', 4], ['prd_2', 0]])).toBe(1);
    expect((await cache.read(['str_a'], ['prd_2', 'prd_1', 'prd_3'])).get('str_a')!.free).toEqual([0, 4, null]);
  });

  it('when a change is invalidated between a read and the fill, then the fill is refused and cannot restore the old number', async () => {
    const { version } = (await cache.read(['str_b'], ['prd_1'])).get('str_b')!;
    // Another request read Postgres before the change committed ...
    await cache.invalidate([{ storeId: 'str_b', productId: 'prd_1' }]);
    // ... and tries to cache what it read afterwards.
    expect(await fillOne('str_b', version, [['prd_1', 9]])).toBe(0);
    const after = (await cache.read(['str_b'], ['prd_1'])).get('str_b')!;
    expect(after.free).toEqual([null]);
    expect(after.version).not.toBe(version);
    expect(await fillOne('str_b', after.version, [['prd_1', 8]])).toBe(1);
    expect((await cache.read(['str_b'], ['prd_1'])).get('str_b')!.free).toEqual([8]);
  });

  it('when several stores are filled at once and one changed since the read, then only that store is refused', async () => {
    const read = await cache.read(['str_m1', 'str_m2', 'str_m3'], ['prd_1', 'prd_2']);
    await cache.invalidate([{ storeId: 'str_m2', productId: 'prd_1' }]);
    const fills = new Map(
      ['str_m1', 'str_m2', 'str_m3'].map((storeId, i) => [storeId, { version: read.get(storeId)!.version, free: new Map([['prd_1', i + 1], ['prd_2', 10 + i]]) }]),
    );
    expect(await cache.fill(fills)).toBe(2);
    const after = await cache.read(['str_m1', 'str_m2', 'str_m3'], ['prd_2', 'prd_1']);
    expect([...after].map(([storeId, { free }]) => [storeId, free])).toEqual([
      ['str_m1', [10, 1]],
      ['str_m2', [null, null]],
      ['str_m3', [12, 3]],
    ]);
    expect(await redis.pttl(`${namespace}:stock:str_m3`)).toBeGreaterThan(0);
  });

  it('when one line is invalidated, then only that entry is dropped', async () => {
    const { version } = (await cache.read(['str_c'], ['prd_1'])).get('str_c')!;
    await fillOne('str_c', version, [['prd_1', 1], ['prd_2', 2]]);
    await cache.invalidate([{ storeId: 'str_c', productId: 'prd_1' }]);
    expect((await cache.read(['str_c'], ['prd_1', 'prd_2'])).get('str_c')!.free).toEqual([null, 2]);
  });

  it("when a store's whole stock is cached, then a product it has no entry for reads 0, and a changed one reads as a miss, never 0", async () => {
    const version = await cache.version('str_w');
    expect(await cache.warm('str_w', version, [JSON.stringify({ prd_1: 3 }), JSON.stringify({ prd_2: 0 })])).toBe(true);
    const warm = (await cache.read(['str_w'], ['prd_1', 'prd_2', 'prd_not_carried'])).get('str_w')!;
    expect(warm).toMatchObject({ complete: true, free: [3, 0, 0] });
    // A change to prd_1 must not leave "no entry" behind in a complete hash: that would read 0 as fresh.
    await cache.invalidate([{ storeId: 'str_w', productId: 'prd_1' }]);
    const changed = (await cache.read(['str_w'], ['prd_1', 'prd_2'])).get('str_w')!;
    expect(changed).toMatchObject({ complete: true, free: [null, 0] });
    expect(await fillOne('str_w', changed.version, [['prd_1', 2]])).toBe(1);
    expect((await cache.read(['str_w'], ['prd_1'])).get('str_w')!.free).toEqual([2]);
    expect(await redis.pttl(`${namespace}:stock:str_w`)).toBeGreaterThan(0);
  });

  it('when a store changes between the version read and its warm-up, then the warm-up is refused', async () => {
    const version = await cache.version('str_wr');
    await cache.invalidate([{ storeId: 'str_wr', productId: 'prd_1' }]);
    expect(await cache.warm('str_wr', version, [JSON.stringify({ prd_1: 5 })])).toBe(false);
    expect((await cache.read(['str_wr'], ['prd_1', 'prd_2'])).get('str_wr')).toMatchObject({ complete: false, free: [null, null] });
  });

  it('when a store changes between two slices of its warm-up, then it is not marked complete, and the slice written holds no stale number', async () => {
    const version = await cache.version('str_ws');
    async function* slices() {
      yield JSON.stringify({ prd_1: 4, prd_2: 6 });
      // prd_1 changes after the first slice went in, before the second is written.
      await cache.invalidate([{ storeId: 'str_ws', productId: 'prd_1' }]);
      yield JSON.stringify({ prd_3: 2 });
    }
    expect(await cache.warm('str_ws', version, slices())).toBe(false);
    expect((await cache.read(['str_ws'], ['prd_1', 'prd_2', 'prd_3'])).get('str_ws')).toMatchObject({ complete: false, free: [null, 6, null] });
  });

  it('when a store carries nothing, then its warm-up marks it complete with no entries', async () => {
    expect(await cache.warm('str_empty', await cache.version('str_empty'), [])).toBe(true);
    expect((await cache.read(['str_empty'], ['prd_1'])).get('str_empty')).toMatchObject({ complete: true, free: [0] });
    expect(await redis.pttl(`${namespace}:stock:str_empty`)).toBeGreaterThan(0);
  });

  it('when a slice holds more products than Lua can spread in one call, then its whole stock is cached all the same', async () => {
    const free = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`prd_${i}`, i % 7]));
    expect(await cache.warm('str_big', await cache.version('str_big'), [JSON.stringify(free)])).toBe(true);
    const read = (await cache.read(['str_big'], ['prd_0', 'prd_4001', 'prd_5999', 'prd_6000'])).get('str_big')!;
    expect(read).toMatchObject({ complete: true, free: [0, 4001 % 7, 5999 % 7, 0] });
  });

  it('when a store nobody cached changes, then its version moves and no stock key is left behind (it would have no expiry)', async () => {
    const version = await cache.version('str_cold');
    await cache.invalidate([{ storeId: 'str_cold', productId: 'prd_1' }]);
    expect(await cache.version('str_cold')).not.toBe(version);
    expect(await redis.exists(`${namespace}:stock:str_cold`)).toBe(0);
  });

  it('when entries are filled, then they expire by themselves (a safety net, not the invalidation)', async () => {
    await fillOne('str_d', (await cache.read(['str_d'], ['prd_1'])).get('str_d')!.version, [['prd_1', 1]]);
    const ttl = await redis.pttl(`${namespace}:stock:str_d`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10 * 60 * 1000);
  });

  it('when a cached store is read with less than half its expiry left, then the expiry is renewed; with more, it is left alone', async () => {
    await cache.warm('str_ttl', await cache.version('str_ttl'), [JSON.stringify({ prd_1: 1 })]);
    const key = `${namespace}:stock:str_ttl`;
    await redis.pexpire(key, 60_000);
    await cache.read(['str_ttl'], ['prd_1']);
    expect(await redis.pttl(key)).toBeGreaterThan(5 * 60 * 1000);
    await redis.pexpire(key, 8 * 60 * 1000);
    await cache.read(['str_ttl'], ['prd_1']);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(8 * 60 * 1000);
    // A store with nothing cached gets no key from being read.
    await cache.read(['str_never'], ['prd_1']);
    expect(await redis.exists(`${namespace}:stock:str_never`)).toBe(0);
  });

  it('when the cache is flushed, then every entry is gone but the versions stay', async () => {
    const versionBefore = (await cache.read(['str_b'], ['prd_1'])).get('str_b')!.version;
    expect(await cache.flush()).toBeGreaterThanOrEqual(3);
    const after = (await cache.read(['str_a', 'str_b'], ['prd_1']));
    expect(after.get('str_a')!.free).toEqual([null]);
    expect(after.get('str_b')).toEqual({ version: versionBefore, free: [null], complete: false });
  });
});

describe('two deployments on one Redis', () => {
  it('when one deployment starts (and empties its stock cache), then the other deployment, same schema name, keeps its cache', async () => {
    const deployment = (prefix: string) => new StockCache(redis, redisNamespace(subgraphConfig('availability', { EVENTS_PREFIX: prefix })));
    const suffix = uniqueSchema('d').slice(-12);
    const [starting, running] = [deployment(`qa_${suffix}`), deployment(`qb_${suffix}`)];
    await running.fill(new Map([['str_shared', { version: '', free: new Map([['prd_1', 7]]) }]]));
    await starting.flush();
    expect((await running.read(['str_shared'], ['prd_1'])).get('str_shared')!.free).toEqual([7]);
    await running.flush();
  });
});
