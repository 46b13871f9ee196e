import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { Redis } from '@qc/shared';
import { migrations } from '../migrations';
import { createRepositories, type PositionRecord, type Repositories } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let repos: Repositories;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const position = (courierId: string, iso: string, lat = 52.52, lng = 13.405): PositionRecord => ({
  courierId,
  lat,
  lng,
  heading: 90,
  speed: 4.5,
  recordedAt: new Date(iso),
});

/**
 * A client for a Redis that is not there: every command fails at once instead of queueing. Without
 * `disconnectTimeout: 0`, disconnecting after the refused connection leaves a 2 s timer behind.
 */
const unreachableRedis = () =>
  new Redis('redis://127.0.0.1:1', {
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    disconnectTimeout: 0,
  });

const latestRow = (courierId: string) =>
  deps.db('courier_latest_positions').where({ courier_id: courierId }).first<{ lat: number; recorded_at: Date } | undefined>();

const cached = async (courierId: string) => {
  const json = await deps.redis.get(repos.positions.key(courierId));
  return json ? (JSON.parse(json) as { lat: number; recordedAt: string }) : null;
};

beforeAll(async () => {
  deps = await createTestDeps('tracking', migrations);
  repos = createRepositories(deps.db, deps.redis, deps.namespace);
  await repos.positions.saveLatest([position('cou_1', '2026-11-22T10:00:00Z'), position('cou_2', '2026-11-22T10:00:00Z', 48.1, 11.6)]);
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.del(keys);
  await deps.close();
});

const COURIER_POSITION = 'query($id: ID!) { courierPosition(courierId: $id) { lat lng heading speed recordedAt } }';

describe('tracking subgraph', () => {
  it('when a courier asks for their own position, then it comes with every field', async () => {
    const res = await postGraphQL(url, COURIER_POSITION, { id: 'cou_1' }, { identity: { sub: 'cou_1', role: 'courier' } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      courierPosition: { lat: 52.52, lng: 13.405, heading: 90, speed: 4.5, recordedAt: '2026-11-22T10:00:00.000Z' },
    });
  });

  it('when a courier token names its courier apart from its subject, then the courierId counts', async () => {
    const res = await postGraphQL(url, COURIER_POSITION, { id: 'cou_2' }, { identity: { sub: 'usr_7', role: 'courier', courierId: 'cou_2' } });
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({ courierPosition: { lat: 48.1, lng: 11.6 } });
  });

  it('when an admin asks for any courier, then the position is given, or null when there is none', async () => {
    const admin = { identity: { sub: 'adm_1', role: 'admin' as const } };
    const known = await postGraphQL(url, COURIER_POSITION, { id: 'cou_2' }, admin);
    expect(known.data).toMatchObject({ courierPosition: { lat: 48.1 } });
    const unknown = await postGraphQL(url, COURIER_POSITION, { id: 'cou_never_reported' }, admin);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data).toEqual({ courierPosition: null });
  });

  it('when another courier or a customer asks, then it is FORBIDDEN and nothing is revealed', async () => {
    for (const identity of [
      { sub: 'cou_2', role: 'courier' as const },
      { sub: 'cus_1', role: 'customer' as const },
      { sub: 'cou_1', role: 'store_staff' as const, storeId: 'str_1' },
    ]) {
      const res = await postGraphQL(url, COURIER_POSITION, { id: 'cou_1' }, { identity });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data).toEqual({ courierPosition: null });
    }
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, COURIER_POSITION, { id: 'cou_1' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the gateway resolves Courier references, then _entities answers in key order, position null when unknown', async () => {
    const res = await postGraphQL(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Courier { id position { lat lng recordedAt } } } }',
      { r: [{ __typename: 'Courier', id: 'cou_2' }, { __typename: 'Courier', id: 'cou_silent' }, { __typename: 'Courier', id: 'cou_1' }] },
      { identity: { sub: 'gateway', role: 'service' } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        { id: 'cou_2', position: { lat: 48.1, lng: 11.6, recordedAt: '2026-11-22T10:00:00.000Z' } },
        { id: 'cou_silent', position: null },
        { id: 'cou_1', position: { lat: 52.52, lng: 13.405, recordedAt: '2026-11-22T10:00:00.000Z' } },
      ],
    });
  });

  it('when a request is not signed by the gateway, then it is refused as UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, COURIER_POSITION, { id: 'cou_1' }, { sign: false });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('PositionRepository', () => {
  it('when a position is saved, then Redis holds it under the namespaced key and Postgres keeps it too', async () => {
    await repos.positions.saveLatest([position('cou_save', '2026-11-22T11:00:00Z', 50.1)]);
    expect(repos.positions.key('cou_save')).toBe(`${deps.namespace}:courier:cou_save:position`);
    expect(await cached('cou_save')).toMatchObject({ courierId: 'cou_save', lat: 50.1, recordedAt: '2026-11-22T11:00:00.000Z' });
    expect(await latestRow('cou_save')).toMatchObject({ lat: 50.1, recorded_at: new Date('2026-11-22T11:00:00Z') });
  });

  it('when an older report arrives after a newer one, then neither Postgres nor Redis goes back in time', async () => {
    await repos.positions.saveLatest([position('cou_late', '2026-11-22T12:00:10Z', 51)]);
    await repos.positions.saveLatest([position('cou_late', '2026-11-22T12:00:05Z', 49)]);
    expect(await latestRow('cou_late')).toMatchObject({ lat: 51 });
    expect(await cached('cou_late')).toMatchObject({ lat: 51 });
    const [latest] = await repos.positions.findLatest(['cou_late']);
    expect(latest).toMatchObject({ lat: 51, recordedAt: new Date('2026-11-22T12:00:10Z') });
  });

  it('when Redis has lost a key and an older report arrives, then Redis is not filled with the older report', async () => {
    await repos.positions.saveLatest([position('cou_flushed', '2026-11-22T12:00:10Z', 51)]);
    await deps.redis.del(repos.positions.key('cou_flushed'));
    await repos.positions.saveLatest([position('cou_flushed', '2026-11-22T12:00:05Z', 49)]);
    expect(await cached('cou_flushed')).toBeNull();
    expect(await repos.positions.findLatest(['cou_flushed'])).toEqual([expect.objectContaining({ lat: 51 })]);
  });

  it('when Redis already holds a newer report than the one Postgres accepts, then Redis keeps the newer one', async () => {
    await repos.positions.saveLatest([position('cou_race', '2026-11-22T12:00:00Z', 50)]);
    // As if a concurrent writer had reached Redis with a newer report before its Postgres upsert.
    await deps.redis.set(
      repos.positions.key('cou_race'),
      JSON.stringify({ courierId: 'cou_race', lat: 53, lng: 13, heading: null, speed: null, recordedAt: '2026-11-22T12:00:20.000Z' }),
    );
    await repos.positions.saveLatest([position('cou_race', '2026-11-22T12:00:10Z', 51)]);
    expect(await latestRow('cou_race')).toMatchObject({ lat: 51 });
    expect(await cached('cou_race')).toMatchObject({ lat: 53 });
  });

  it('when a newer report arrives, then it replaces the latest position everywhere', async () => {
    await repos.positions.saveLatest([position('cou_move', '2026-11-22T12:00:00Z', 50)]);
    await repos.positions.saveLatest([position('cou_move', '2026-11-22T12:00:05Z', 50.001)]);
    expect(await latestRow('cou_move')).toMatchObject({ lat: 50.001 });
    expect(await cached('cou_move')).toMatchObject({ lat: 50.001 });
  });

  it('when one batch holds several reports of a courier, then the newest is kept', async () => {
    await repos.positions.saveLatest([
      position('cou_batch', '2026-11-22T12:00:05Z', 50.5),
      position('cou_batch', '2026-11-22T12:00:00Z', 50),
      position('cou_other', '2026-11-22T12:00:00Z', 40),
    ]);
    expect(await latestRow('cou_batch')).toMatchObject({ lat: 50.5 });
    expect(await cached('cou_batch')).toMatchObject({ lat: 50.5 });
    expect(await cached('cou_other')).toMatchObject({ lat: 40 });
  });

  it('when a batch holds an out-of-range position, then it is BAD_USER_INPUT and nothing of the batch is written', async () => {
    const batch = [position('cou_ok', '2026-11-22T12:00:00Z'), position('cou_bad', '2026-11-22T12:00:00Z', 91)];
    await expect(repos.positions.saveLatest(batch)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'lat/lng' } });
    await expect(repos.positions.saveLatest([{ ...position('cou_bad', '2026-11-22T12:00:00Z'), lng: -180.1 }])).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await latestRow('cou_ok')).toBeUndefined();
    expect(await cached('cou_ok')).toBeNull();
  });

  it('when Redis holds a position, then findLatest answers from Redis first', async () => {
    // Only in Redis, so the answer cannot have come from Postgres.
    await deps.redis.set(
      repos.positions.key('cou_redis_only'),
      JSON.stringify({ courierId: 'cou_redis_only', lat: 44, lng: 12, heading: null, speed: 3, recordedAt: '2026-11-22T13:00:00.000Z' }),
    );
    expect(await latestRow('cou_redis_only')).toBeUndefined();
    expect(await repos.positions.findLatest(['cou_redis_only'])).toEqual([
      { courierId: 'cou_redis_only', lat: 44, lng: 12, heading: null, speed: 3, recordedAt: new Date('2026-11-22T13:00:00Z') },
    ]);
  });

  it('when Redis misses some couriers, then Postgres answers for them and Redis for the rest', async () => {
    await repos.positions.saveLatest([position('cou_hot', '2026-11-22T13:00:00Z', 45), position('cou_cold', '2026-11-22T13:00:00Z', 46)]);
    await deps.redis.del(repos.positions.key('cou_cold'));
    const found = await repos.positions.findLatest(['cou_hot', 'cou_cold', 'cou_none']);
    expect(found.map((p) => [p.courierId, p.lat]).sort()).toEqual([
      ['cou_cold', 46],
      ['cou_hot', 45],
    ]);
  });

  it('when Redis is down, then findLatest answers from Postgres instead of failing', async () => {
    const redis = unreachableRedis();
    try {
      const offline = createRepositories(deps.db, redis, deps.namespace);
      const found = await offline.positions.findLatest(['cou_1', 'cou_none']);
      expect(found).toEqual([
        { courierId: 'cou_1', lat: 52.52, lng: 13.405, heading: 90, speed: 4.5, recordedAt: new Date('2026-11-22T10:00:00Z') },
      ]);
    } finally {
      redis.disconnect();
    }
  });

  it('when Redis is down, then saveLatest still keeps the position in Postgres and warns', async () => {
    const redis = unreachableRedis();
    const warnings: unknown[] = [];
    try {
      const offline = createRepositories(deps.db, redis, deps.namespace, { warn: (...args: unknown[]) => void warnings.push(args) });
      await offline.positions.saveLatest([position('cou_offline', '2026-11-22T14:00:00Z', 47)]);
      expect(await latestRow('cou_offline')).toMatchObject({ lat: 47 });
      expect(warnings).toHaveLength(1);
      expect(await cached('cou_offline')).toBeNull();
    } finally {
      redis.disconnect();
    }
  });

  it('when the seed saves 5,000 couriers in one call, then every one is found again', async () => {
    const batch = Array.from({ length: 5000 }, (_, i) => position(`cou_bulk_${i}`, '2026-11-22T15:00:00Z', -45 + i / 1000, 100 - i / 1000));
    await repos.positions.saveLatest(batch);
    await repos.positions.saveLatest(batch);
    const found = await repos.positions.findLatest(batch.map((p) => p.courierId));
    expect(found).toHaveLength(5000);
    expect(found.find((p) => p.courierId === 'cou_bulk_4999')).toMatchObject({ lat: -45 + 4.999, lng: 100 - 4.999 });
    const rows = await deps.db('courier_latest_positions').where('courier_id', 'like', 'cou_bulk_%').count<{ count: string }[]>('* as count');
    expect(Number(rows[0]?.count)).toBe(5000);
  });

  it('when no ids or no records are given, then nothing is asked of anyone', async () => {
    expect(await repos.positions.findLatest([])).toEqual([]);
    await expect(repos.positions.saveLatest([])).resolves.toBeUndefined();
  });
});
