/**
 * Redis lost under availability: stock reads and storesNear answer from Postgres, flagged stale, in about
 * the time they normally take, whether Redis refuses connections or accepts them and answers nothing.
 * The availability process reaches the shared Redis through a proxy of its own, so the outage is this
 * file's alone.
 */
import { createRedis, offsetMeters, type Identity, type Redis, type SubgraphDeps } from '@qc/shared';
import { createTestDeps, postGraphQL, startTcpProxy, startTestSubgraph, TEST_REDIS_URL, until, type TcpProxy, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type OpeningHoursRecord, type StoreRecord } from '../src/data';
import { subgraph } from '../src/server';
import type { UseCases } from '../src/app';

const HERE = { lat: 48.137, lng: 11.575 };
const allWeek: OpeningHoursRecord[] = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const store = (id: string, east: number, deliveryRadiusMeters: number): StoreRecord => ({
  id,
  name: id,
  ...offsetMeters(HERE, east, 0),
  address: `${id} street`,
  deliveryRadiusMeters,
  capacity: 10,
  timezone: 'Europe/Berlin',
  openingHours: allWeek,
});

/** A generous bound: "answered rather than hung", far below the 10 s the old code took, far above ~100 ms. */
const ANSWERED_WITHIN_MS = 2000;

const QUERY = `query($l: LocationInput!, $ids: [ID!]!) {
  availability(location: $l, productIds: $ids) { product { id } quantity stale stores { store { id } distanceMeters quantity } }
  storesNear(location: $l) { store { id } distanceMeters }
}`;

interface Answer {
  availability: { product: { id: string }; quantity: number; stale: boolean; stores: { store: { id: string }; distanceMeters: number; quantity: number }[] }[];
  storesNear: { store: { id: string }; distanceMeters: number }[];
}

let deps: TestDeps;
let proxy: TcpProxy;
let redis: Redis;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let services: UseCases;

const ADMIN: Identity = { sub: 'ops', role: 'admin' };

/** Asks for availability and storesNear at HERE; returns the answer and how long it took. */
async function ask(): Promise<{ answer: Answer; ms: number }> {
  const started = Date.now();
  const res = await postGraphQL<Answer>(url, QUERY, { l: HERE, ids: ['prd_milk', 'prd_bread'] });
  expect(res.errors).toBeUndefined();
  return { answer: res.data!, ms: Date.now() - started };
}

const summary = (answer: Answer) => ({
  availability: answer.availability.map((a) => [a.product.id, a.quantity, a.stores.map((s) => [s.store.id, s.quantity, s.distanceMeters])]),
  storesNear: answer.storesNear.map((n) => [n.store.id, n.distanceMeters]),
});

beforeAll(async () => {
  deps = await createTestDeps('availability_redis_outage', migrations);
  proxy = await startTcpProxy(Number(new URL(TEST_REDIS_URL).port || 6379), new URL(TEST_REDIS_URL).hostname);
  redis = createRedis(`redis://127.0.0.1:${proxy.port}`);
  const viaProxy: SubgraphDeps = { ...deps, redis };
  const repos = createRepositories(deps.db);
  await repos.stores.upsertMany([store('str_near', 400, 3000), store('str_mid', 1500, 3000), store('str_out', 2500, 1000)]);
  await repos.stock.upsertMany([
    { storeId: 'str_near', productId: 'prd_milk', onHand: 10, reserved: 2 },
    { storeId: 'str_mid', productId: 'prd_milk', onHand: 5, reserved: 0 },
    { storeId: 'str_out', productId: 'prd_milk', onHand: 50, reserved: 0 },
    { storeId: 'str_mid', productId: 'prd_bread', onHand: 3, reserved: 0 },
  ]);
  server = await startTestSubgraph(subgraph, viaProxy, { workers: true });
  services = server.app.useCases;
  url = server.url;
});

afterAll(async () => {
  await proxy.set('forward');
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.unlink(...keys);
  redis.disconnect();
  await proxy.close();
  await deps.close();
});

describe('availability while Redis is down', () => {
  let live: Answer;

  beforeAll(async () => {
    live = (await ask()).answer;
  });

  it('when Redis is up, then the answer comes from it and is current', () => {
    expect(live.availability.map((a) => a.stale)).toEqual([false, false]);
    expect(summary(live).availability).toEqual([
      ['prd_milk', 13, [['str_near', 8, expect.any(Number)], ['str_mid', 5, expect.any(Number)]]],
      ['prd_bread', 3, [['str_mid', 3, expect.any(Number)]]],
    ]);
    expect(summary(live).storesNear.map(([id]) => id)).toEqual(['str_near', 'str_mid']);
  });

  it('when Redis refuses connections, then stock and storesNear answer from Postgres at once, flagged stale, with the same stores and distances', async () => {
    await proxy.set('refuse');
    await until(() => redis.status !== 'ready', 'the client to notice Redis is gone');
    const { answer, ms } = await ask();
    expect(ms).toBeLessThan(ANSWERED_WITHIN_MS);
    expect(answer.availability.map((a) => a.stale)).toEqual([true, true]);
    expect(summary(answer)).toEqual(summary(live));
  });

  it('when staff change stock while Redis is down, then the change is not held up and the stale answer already shows it', async () => {
    const started = Date.now();
    const outcome = await services.inventory.adjustStock(ADMIN, { storeId: 'str_mid', productId: 'prd_bread', delta: 4, reason: 'delivery came in' });
    expect(outcome.kind).toBe('adjusted');
    expect(Date.now() - started).toBeLessThan(ANSWERED_WITHIN_MS);
    const { answer } = await ask();
    expect(answer.availability[1]).toMatchObject({ product: { id: 'prd_bread' }, quantity: 7, stale: true });
  });

  it('when Redis accepts connections but answers nothing, then each request is still answered, stale, within the bound', async () => {
    await proxy.set('forward');
    await until(async () => (await ask()).answer.availability[0]!.stale === false, 'Redis to serve again', 15_000);
    await proxy.set('hang');
    const turnedAwayBefore = proxy.turnedAway;
    for (let i = 0; i < 5; i++) {
      const { answer, ms } = await ask();
      expect(ms).toBeLessThan(ANSWERED_WITHIN_MS);
      expect(answer.availability.map((a) => [a.quantity, a.stale])).toEqual([
        [13, true],
        [7, true],
      ]);
      expect(summary(answer).storesNear).toEqual(summary(live).storesNear);
    }
    // The hung connection stayed open: nothing reconnected, so only the timeouts kept the answers coming.
    expect(proxy.turnedAway).toBe(turnedAwayBefore);
  });

  it('when Redis answers again, then the answers are current again', async () => {
    await proxy.set('forward');
    const back = await until(async () => {
      const { answer } = await ask();
      return answer.availability.every((a) => !a.stale) ? answer : null;
    }, 'answers that are not stale', 15_000);
    // The cache held bread at 3 from before the outage; the change made while Redis was away shows.
    expect(back.availability.map((a) => a.quantity)).toEqual([13, 7]);
  });
});
