import { createDb, enqueueEvent, enqueueEvents, haversineMeters, type Knex, REDIS_GEO_EARTH_RADIUS_M, SUBJECTS, offsetMeters } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, StockCache, StoreIndex, type OpeningHoursRecord, type StoreRecord } from '../src/data';
import { subgraph } from '../src/server';
import type { UseCases } from '../src/app';
import { STOCK_CACHE_CONSUMER } from '../src/events/stock-cache-invalidation';

let deps: TestDeps;
let services: UseCases;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const roundTheClock: OpeningHoursRecord[] = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const HERE = { lat: 52.52, lng: 13.405 };

/** The point `north` and `east` metres from HERE. */
const at = (north: number, east: number) => offsetMeters(HERE, east, north);

/** Metres from HERE as Redis measures them (its own Earth radius). */
const metresFromHere = (p: { lat: number; lng: number }) => haversineMeters(HERE, p, REDIS_GEO_EARTH_RADIUS_M);

const store = (id: string, point: { lat: number; lng: number }, deliveryRadiusMeters: number, openingHours = roundTheClock): StoreRecord => ({
  id,
  name: id,
  ...point,
  address: `${id} street`,
  deliveryRadiusMeters,
  capacity: 10,
  timezone: 'Europe/Berlin',
  openingHours,
});

const STORES = [
  store('str_a', at(500, 0), 3000),
  store('str_b', at(0, 1500), 2000),
  // Nearest of all, but closed: it covers HERE and is listed by storesNear, yet contributes no stock.
  store('str_closed', at(-300, 0), 3000, []),
  // Open, 1.2 km away, but only delivers 1 km: HERE is outside its area.
  store('str_small', at(0, -1200), 1000),
  store('str_far', at(10_000, 0), 3000),
];

const AVAILABILITY = `query($location: LocationInput!, $ids: [ID!]!) {
  availability(location: $location, productIds: $ids) { product { id } deliverable quantity stale stores { store { id } distanceMeters quantity } }
}`;

interface Availability {
  product: { id: string };
  deliverable: boolean;
  quantity: number;
  stale: boolean;
  stores: { store: { id: string }; distanceMeters: number; quantity: number }[];
}

/** What another replica's adjustment of str_a's `productId` from 8 to 2 on hand publishes. */
const adjustedTo2 = (productId: string) => ({
  storeId: 'str_a',
  productId,
  kind: 'ADJUSTMENT' as const,
  delta: -6,
  reservedDelta: 0,
  reason: 'test',
  onHand: 2,
  reserved: 0,
  available: 2,
  actor: 'other-replica',
  adjustmentId: `adj_${productId}`,
  reservationId: null,
  orderId: null,
  changedAt: new Date().toISOString(),
});

const availabilityAt = async (target: string, location: { lat: number; lng: number }, ids: string[]) => {
  const res = await postGraphQL<{ availability: Availability[] }>(target, AVAILABILITY, { location, ids });
  expect(res.errors).toBeUndefined();
  return res.data!.availability;
};

/** Runs `fn` and returns the SQL it sent to Postgres. */
async function sqlDuring(db: Knex, fn: () => Promise<unknown>): Promise<string[]> {
  const queries: string[] = [];
  const onQuery = (q: { sql: string }) => queries.push(q.sql);
  db.on('query', onQuery);
  try {
    await fn();
  } finally {
    db.off('query', onQuery);
  }
  return queries;
}

beforeAll(async () => {
  deps = await createTestDeps('availability_by_location', migrations);
  const repos = createRepositories(deps.db);
  await repos.stores.upsertMany(STORES);
  await repos.stock.upsertMany([
    { storeId: 'str_a', productId: 'prd_1', onHand: 10, reserved: 3 },
    { storeId: 'str_b', productId: 'prd_1', onHand: 5, reserved: 0 },
    { storeId: 'str_closed', productId: 'prd_1', onHand: 50, reserved: 0 },
    { storeId: 'str_small', productId: 'prd_1', onHand: 20, reserved: 0 },
    { storeId: 'str_far', productId: 'prd_1', onHand: 30, reserved: 0 },
    { storeId: 'str_a', productId: 'prd_2', onHand: 4, reserved: 4 },
    { storeId: 'str_b', productId: 'prd_2', onHand: 2, reserved: 0 },
    { storeId: 'str_closed', productId: 'prd_3', onHand: 9, reserved: 0 },
    ...['prd_4', 'prd_5', 'prd_6', 'prd_7'].map((productId) => ({ storeId: 'str_a', productId, onHand: 1, reserved: 0 })),
    { storeId: 'str_a', productId: 'prd_live', onHand: 8, reserved: 0 },
    { storeId: 'str_a', productId: 'prd_replica', onHand: 8, reserved: 0 },
    ...['prd_lines_1', 'prd_lines_2', 'prd_lines_3'].map((productId) => ({ storeId: 'str_a', productId, onHand: 8, reserved: 0 })),
  ]);
  server = await startTestSubgraph(subgraph, deps, { settings: { reconcileMs: 200 }, workers: true });
  services = server.app.useCases;
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.unlink(...keys);
  await deps.close();
});

describe('availability by location', () => {
  it('when stores cover the location, then the quantity is the free stock of the open covering stores only, nearest first', async () => {
    const [prd1, prd2, prd3] = await availabilityAt(url, HERE, ['prd_1', 'prd_2', 'prd_3']);
    // str_closed (closed), str_small (out of its radius) and str_far (too far) add nothing; str_a's 3 reserved units are not free.
    expect(prd1).toMatchObject({ product: { id: 'prd_1' }, deliverable: true, quantity: 12, stale: false });
    expect(prd1!.stores.map((s) => [s.store.id, s.quantity])).toEqual([
      ['str_a', 7],
      ['str_b', 5],
    ]);
    expect(prd2).toMatchObject({ deliverable: true, quantity: 2 });
    expect(prd2!.stores.map((s) => s.store.id)).toEqual(['str_b']);
    // Only the closed store holds prd_3.
    expect(prd3).toEqual({ product: { id: 'prd_3' }, deliverable: false, quantity: 0, stale: false, stores: [] });
  });

  it('when an id is unknown or repeated, then it is answered in place: not deliverable, quantity 0', async () => {
    const answers = await availabilityAt(url, HERE, ['prd_nope', 'prd_2', 'prd_nope']);
    expect(answers.map((a) => [a.product.id, a.deliverable, a.quantity])).toEqual([
      ['prd_nope', false, 0],
      ['prd_2', true, 2],
      ['prd_nope', false, 0],
    ]);
  });

  it('when no store covers the location, then nothing is deliverable', async () => {
    const [answer] = await availabilityAt(url, { lat: 48.1374, lng: 11.5755 }, ['prd_1']);
    expect(answer).toMatchObject({ deliverable: false, quantity: 0, stores: [] });
  });

  it('when the location is near a pole, then nobody delivers there and it is not an error', async () => {
    const [answer] = await availabilityAt(url, { lat: 89.9, lng: 0 }, ['prd_1']);
    expect(answer).toMatchObject({ deliverable: false, quantity: 0 });
  });

  it('when many products ask for availability through _entities, then one lookup and one stock query answer them all', async () => {
    await new StockCache(deps.redis, deps.namespace).flush();
    const lookup = jest.spyOn(services.availability, 'lookup');
    const query = `query($r: [_Any!]!, $location: LocationInput!) { _entities(representations: $r) { ... on Product { id availability(location: $location) { deliverable quantity } } } }`;
    const ids = ['prd_4', 'prd_5', 'prd_missing', 'prd_6', 'prd_7'];
    try {
      let res!: Awaited<ReturnType<typeof postGraphQL>>;
      const cold = await sqlDuring(deps.db, async () => {
        res = await postGraphQL(url, query, { r: ids.map((id) => ({ __typename: 'Product', id })), location: HERE });
        await services.availability.warmed();
      });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        _entities: ids.map((id) => ({ id, availability: id === 'prd_missing' ? { deliverable: false, quantity: 0 } : { deliverable: true, quantity: 1 } })),
      });
      expect(lookup).toHaveBeenCalledTimes(1);
      // The lookup's one query, then (in the background) one read of each covering open store's whole stock.
      expect(cold.filter((sql) => /from "?stock"?\b/i.test(sql)).map((sql) => (/product_id = any/i.test(sql) ? 'lookup' : 'warm'))).toEqual(['lookup', 'warm', 'warm']);
      // The second time the cache answers: Postgres is not asked at all.
      const warm = await sqlDuring(deps.db, () => postGraphQL(url, query, { r: ids.map((id) => ({ __typename: 'Product', id })), location: HERE }));
      expect(warm.filter((sql) => /from "?stock"?\b/i.test(sql))).toHaveLength(0);
    } finally {
      lookup.mockRestore();
    }
  });

  it('when the cache misses, then the answer does not wait for the write-back to Redis', async () => {
    let release!: () => void;
    const held = new Promise<number>((resolve) => (release = () => resolve(0)));
    await services.availability.warmed();
    await new StockCache(deps.redis, deps.namespace).flush();
    const fill = jest.spyOn(StockCache.prototype, 'fill').mockReturnValue(held);
    try {
      // The cache was just emptied: every covering store misses prd_2.
      const [answer] = await availabilityAt(url, at(0, 1500), ['prd_2']);
      expect(answer).toMatchObject({ product: { id: 'prd_2' }, quantity: 2, stale: false });
      expect(fill).toHaveBeenCalledTimes(1);
    } finally {
      release();
      fill.mockRestore();
    }
  });

  it("when a covering store is asked about, then its whole stock is cached in the background and the next lookup there asks Postgres nothing", async () => {
    await services.availability.warmed();
    await new StockCache(deps.redis, deps.namespace).flush();
    expect((await availabilityAt(url, HERE, ['prd_1']))[0]!.quantity).toBe(12);
    await services.availability.warmed();
    // Products nobody asked about yet, one of them carried by no store.
    const sql = await sqlDuring(deps.db, async () => {
      const answers = await availabilityAt(url, HERE, ['prd_2', 'prd_4', 'prd_3', 'prd_unheard_of']);
      expect(answers.map((a) => [a.product.id, a.quantity, a.stores.map((s) => s.store.id)])).toEqual([
        ['prd_2', 2, ['str_b']],
        ['prd_4', 1, ['str_a']],
        ['prd_3', 0, []],
        ['prd_unheard_of', 0, []],
      ]);
    });
    expect(sql.filter((q) => /from "?stock"?\b/i.test(q))).toEqual([]);
  });

  it('when one request asks at two locations, then there is one lookup per location', async () => {
    const lookup = jest.spyOn(services.availability, 'lookup');
    try {
      const res = await postGraphQL(
        url,
        `query($r: [_Any!]!, $here: LocationInput!, $there: LocationInput!) {
          _entities(representations: $r) { ... on Product { here: availability(location: $here) { quantity } there: availability(location: $there) { quantity } } }
        }`,
        { r: ['prd_1', 'prd_2'].map((id) => ({ __typename: 'Product', id })), here: HERE, there: { lat: STORES[4]!.lat, lng: STORES[4]!.lng } },
      );
      expect(res.errors).toBeUndefined();
      // str_far alone covers its own doorstep.
      expect(res.data).toEqual({ _entities: [{ here: { quantity: 12 }, there: { quantity: 30 } }, { here: { quantity: 2 }, there: { quantity: 0 } }] });
      expect(lookup).toHaveBeenCalledTimes(2);
    } finally {
      lookup.mockRestore();
    }
  });
});

describe('storesNear', () => {
  it('when stores cover the location, then each comes with its distance, nearest first, closed ones included', async () => {
    const res = await postGraphQL<{ storesNear: { store: { id: string; isOpen: boolean }; distanceMeters: number }[] }>(
      url,
      'query($location: LocationInput!) { storesNear(location: $location) { store { id isOpen } distanceMeters } }',
      { location: HERE },
    );
    expect(res.errors).toBeUndefined();
    const near = res.data!.storesNear;
    expect(near.map((n) => [n.store.id, n.store.isOpen])).toEqual([
      ['str_closed', false],
      ['str_a', true],
      ['str_b', true],
    ]);
    for (const n of near) {
      const expected = metresFromHere(STORES.find((s) => s.id === n.store.id)!);
      expect(Math.abs(n.distanceMeters - expected)).toBeLessThanOrEqual(2);
    }
    expect(near.map((n) => n.distanceMeters)).toEqual([300, 500, 1500].map((m) => expect.closeTo(m, -1)));
  });

  it('when a new store opens through the repository, then it is found at once', async () => {
    const repos = createRepositories(deps.db, { storeIndex: new StoreIndex(deps.redis, deps.namespace) });
    await repos.stores.upsertMany([store('str_new', at(100, 100), 1000)]);
    const res = await postGraphQL<{ storesNear: { store: { id: string } }[] }>(url, 'query($l: LocationInput!) { storesNear(location: $l) { store { id } } }', { l: HERE });
    expect(res.data!.storesNear.map((n) => n.store.id)).toEqual(['str_new', 'str_closed', 'str_a', 'str_b']);
  });

  it('when a store opens after this process copied the store records, then the very next availability lookup counts it', async () => {
    // Loads the server's copy of the store records; nothing around carries prd_opens yet.
    expect((await availabilityAt(url, HERE, ['prd_opens']))[0]!.stores).toEqual([]);
    const repos = createRepositories(deps.db, { storeIndex: new StoreIndex(deps.redis, deps.namespace) });
    await repos.stores.upsertMany([store('str_opens', at(-100, 100), 1000)]);
    await repos.stock.upsertMany([{ storeId: 'str_opens', productId: 'prd_opens', onHand: 6, reserved: 0 }]);
    const [answer] = await availabilityAt(url, HERE, ['prd_opens']);
    expect(answer!.stores.map((s) => [s.store.id, s.quantity])).toEqual([['str_opens', 6]]);
  });

  it('when a store is written without the index (as the seed does), then the reconciler picks it up within seconds', async () => {
    await createRepositories(deps.db).stores.upsertMany([store('str_seeded', at(-50, -50), 1000)]);
    const deadline = Date.now() + 5000;
    let ids: string[] = [];
    while (Date.now() < deadline && !ids.includes('str_seeded')) {
      const res = await postGraphQL<{ storesNear: { store: { id: string } }[] }>(url, 'query($l: LocationInput!) { storesNear(location: $l) { store { id } } }', { l: HERE });
      ids = res.data!.storesNear.map((n) => n.store.id);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(ids[0]).toBe('str_seeded');
  });
});

describe('bad input', () => {
  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  it.each([
    ['latitude is above 90', { lat: 90.5, lng: 13 }],
    ['latitude is below −90', { lat: -91, lng: 13 }],
    ['longitude is above 180', { lat: 52, lng: 181 }],
    ['longitude is below −180', { lat: 52, lng: -180.01 }],
  ])('when the %s, then availability, Product.availability and storesNear answer BAD_USER_INPUT', async (_what, location) => {
    expect(code(await postGraphQL(url, AVAILABILITY, { location, ids: ['prd_1'] }))).toBe('BAD_USER_INPUT');
    expect(code(await postGraphQL(url, 'query($l: LocationInput!) { storesNear(location: $l) { distanceMeters } }', { l: location }))).toBe('BAD_USER_INPUT');
    const entity = await postGraphQL(url, 'query($l: LocationInput!) { _entities(representations: [{__typename: "Product", id: "prd_1"}]) { ... on Product { availability(location: $l) { quantity } } } }', { l: location });
    expect(code(entity)).toBe('BAD_USER_INPUT');
  });

  it('when productIds is empty, longer than 200 or holds a blank id, then it is BAD_USER_INPUT', async () => {
    for (const ids of [[], Array.from({ length: 201 }, (_, i) => `prd_${i}`), ['prd_1', '']]) {
      const res = await postGraphQL(url, AVAILABILITY, { location: HERE, ids });
      expect(res.status).toBe(200);
      expect(code(res)).toBe('BAD_USER_INPUT');
    }
  });

  it('when the location is missing a coordinate, then it is BAD_USER_INPUT', async () => {
    expect(code(await postGraphQL(url, AVAILABILITY, { location: { lat: 52 }, ids: ['prd_1'] }))).toBe('BAD_USER_INPUT');
  });
});

describe('cache and invalidation', () => {
  it('when staff change stock, then the very next query shows it', async () => {
    expect((await availabilityAt(url, HERE, ['prd_live']))[0]!.quantity).toBe(8);
    // str_a's whole stock is cached by now, so the change must not leave a missing entry that reads as 0.
    await services.availability.warmed();
    const adjusted = await postGraphQL(
      url,
      'mutation($input: AdjustStockInput!) { adjustStock(input: $input) { __typename } }',
      { input: { storeId: 'str_a', productId: 'prd_live', delta: -3, reason: 'dropped a crate' } },
      { identity: { sub: 'staff_a', role: 'store_staff', storeId: 'str_a' } },
    );
    expect(adjusted.data).toEqual({ adjustStock: { __typename: 'StockAdjusted' } });
    expect((await availabilityAt(url, HERE, ['prd_live']))[0]!.quantity).toBe(5);
  });

  it('when another replica commits a change and dies before invalidating, then the event drops the cache entry within a second', async () => {
    expect((await availabilityAt(url, HERE, ['prd_replica']))[0]!.quantity).toBe(8);
    // What the other replica committed: the stock row and its outbox event, but no cache invalidation.
    await deps.db.transaction(async (trx) => {
      await trx('stock').where({ store_id: 'str_a', product_id: 'prd_replica' }).update({ on_hand: 2 });
      await enqueueEvent(trx, SUBJECTS.inventoryChanged, adjustedTo2('prd_replica'));
    });
    const committedAt = Date.now();
    let quantity = 8;
    while (quantity !== 2 && Date.now() - committedAt < 3000) {
      quantity = (await availabilityAt(url, HERE, ['prd_replica']))[0]!.quantity;
    }
    expect(quantity).toBe(2);
    expect(Date.now() - committedAt).toBeLessThan(1000);
    // Dropping a cache entry is idempotent: no transaction and no processed-events row per event.
    expect(await deps.db('processed_events').where('consumer', STOCK_CACHE_CONSUMER)).toEqual([]);
  });

  it('when another replica commits a change of several lines and dies before invalidating, then the events drop every line from the cache', async () => {
    const lines = ['prd_lines_1', 'prd_lines_2', 'prd_lines_3'];
    expect((await availabilityAt(url, HERE, lines)).map((a) => a.quantity)).toEqual([8, 8, 8]);
    // One commit, one event per line (as a reservation writes them): they reach the consumer together.
    await deps.db.transaction(async (trx) => {
      await trx('stock').where('store_id', 'str_a').whereIn('product_id', lines).update({ on_hand: 2 });
      await enqueueEvents(
        trx,
        lines.map((productId) => ({ subject: SUBJECTS.inventoryChanged, data: adjustedTo2(productId) })),
      );
    });
    const committedAt = Date.now();
    let quantities = [8, 8, 8];
    while (quantities.some((q) => q !== 2) && Date.now() - committedAt < 3000) {
      quantities = (await availabilityAt(url, HERE, lines)).map((a) => a.quantity);
    }
    expect(quantities).toEqual([2, 2, 2]);
  });
});

describe('when Postgres is unreachable', () => {
  let deadDb: Knex;
  let deadServer: TestSubgraph<typeof subgraph>;
  let deadUrl: string;
  let quiet: jest.SpyInstance;

  beforeAll(async () => {
    // knex prints every refused connection to the console; the refusals are the point here.
    quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    deadDb = createDb({ url: 'postgres://postgres@127.0.0.1:1/none', schema: deps.schema });
    // Same Redis namespace as the live server: the cache and the location index it warmed are shared.
    deadServer = await startTestSubgraph(subgraph, { ...deps, db: deadDb });
    deadUrl = deadServer.url;
  });

  afterAll(async () => {
    await deadServer.stop();
    await deadDb.destroy();
    quiet.mockRestore();
  });

  it('when the cache is warm, then availability answers from it and says it is stale; the live server says it is not', async () => {
    const live = await availabilityAt(url, HERE, ['prd_1', 'prd_2']);
    expect(live.map((a) => a.stale)).toEqual([false, false]);
    const dead = await availabilityAt(deadUrl, HERE, ['prd_1', 'prd_2']);
    expect(dead.map((a) => [a.product.id, a.quantity, a.stale])).toEqual([
      ['prd_1', 12, true],
      ['prd_2', 2, true],
    ]);
    expect(dead[0]!.stores.map((s) => s.store.id)).toEqual(['str_a', 'str_b']);
  });

  it('when a product was never cached, then it is answered as not deliverable and stale rather than failing', async () => {
    const [answer] = await availabilityAt(deadUrl, HERE, ['prd_never_asked']);
    expect(answer).toMatchObject({ deliverable: false, quantity: 0, stale: true });
  });

  it('when stores near the location are asked for, then the index in Redis still answers', async () => {
    const res = await postGraphQL<{ storesNear: { store: { id: string } }[] }>(deadUrl, 'query($l: LocationInput!) { storesNear(location: $l) { store { id } } }', { l: HERE });
    expect(res.errors).toBeUndefined();
    expect(res.data!.storesNear.map((n) => n.store.id)).toContain('str_a');
  });
});
