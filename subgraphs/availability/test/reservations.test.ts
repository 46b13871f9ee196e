import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { composeServices } from '@apollo/composition';
import { postSigned, type Identity, offsetMeters } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, TEST_HMAC_SECRET, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type OpeningHoursRecord, type Repositories, type StoreRecord } from '../src/data';
import { subgraph, typeDefs } from '../src/server';
import type { UseCases } from '../src/app';

let deps: TestDeps;
let repos: Repositories;
let services: UseCases;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const ORDERS: Identity = { sub: 'orders', role: 'service' };
const roundTheClock: OpeningHoursRecord[] = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const HERE = { lat: 52.52, lng: 13.405 };

/** The point `north` and `east` metres from HERE. */
const at = (north: number, east: number) => offsetMeters(HERE, east, north);

const store = (id: string, point: { lat: number; lng: number }, overrides: Partial<StoreRecord> = {}): StoreRecord => ({
  id,
  name: id,
  ...point,
  address: `${id} street`,
  deliveryRadiusMeters: 3000,
  capacity: 10,
  timezone: 'Europe/Berlin',
  openingHours: roundTheClock,
  ...overrides,
});

// Near (200 m), mid (1.2 km), far (2.4 km) all cover HERE; a closed one sits in its own area to the south.
const STORES = [
  store('str_near', at(200, 0)),
  store('str_mid', at(0, 1200)),
  store('str_far', at(-2400, 0)),
  store('str_closed', at(-20_000, 0), { openingHours: [] }),
];
const CLOSED_AREA = at(-20_000, 100);
const NOWHERE = { lat: -33.87, lng: 151.21 };

const RESERVE = `mutation($input: ReserveStockInput!) {
  reserveStock(input: $input) {
    __typename
    ... on StockReserved { reservationId storeId expiresAt distanceMeters }
    ... on ReservationOutOfStock { items { productId requested available } }
    ... on ReservationNotDeliverable { reason }
  }
}`;

type ReserveResult = { __typename: string } & Record<string, unknown>;
interface ReserveInput {
  orderId: string;
  location?: { lat: number; lng: number };
  items: { productId: string; quantity: number }[];
  ttlSeconds?: number;
}

/**
 * Signed like the gateway (or orders' ServiceClient) signs. `postSigned` rather than `postGraphQL` for the
 * longer timeout: 500 requests at once on a test pool of 5 connections, on a shared machine, can take more
 * than the default 5 s to all be answered.
 */
const reserve = (input: ReserveInput, identity: Identity | null = ORDERS) =>
  postSigned<{ reserveStock: ReserveResult }>(url, TEST_HMAC_SECRET, RESERVE, { input: { location: HERE, ...input } }, identity, { timeoutMs: 60_000 });

async function reserved(input: ReserveInput): Promise<ReserveResult> {
  const res = await reserve(input);
  expect(res.errors).toBeUndefined();
  return res.data!.reserveStock;
}

const release = (orderId: string, reason = 'payment failed', identity: Identity | null = ORDERS) =>
  postGraphQL<{ releaseReservation: boolean }>(url, 'mutation($o: ID!, $r: String!) { releaseReservation(orderId: $o, reason: $r) }', { o: orderId, r: reason }, { identity });

const confirm = (orderId: string, identity: Identity | null = ORDERS) =>
  postGraphQL<{ confirmReservation: boolean }>(url, 'mutation($o: ID!) { confirmReservation(orderId: $o) }', { o: orderId }, { identity });
const confirmAll = (orderIds: string[], identity: Identity | null = ORDERS) =>
  postGraphQL<{ confirmReservations: number }>(url, 'mutation($o: [ID!]!) { confirmReservations(orderIds: $o) }', { o: orderIds }, { identity });

const stockOf = async (storeId: string, productId: string) => {
  const row = await repos.stock.find(storeId, productId);
  return row && { onHand: row.onHand, reserved: row.reserved };
};

const reservedEverywhere = async (productIds: string[]) =>
  Number((await deps.db('stock').whereIn('product_id', productIds).sum<{ sum: string | null }[]>('reserved as sum'))[0]?.sum ?? 0);

beforeAll(async () => {
  deps = await createTestDeps('availability_reservations', migrations);
  repos = createRepositories(deps.db);
  await repos.stores.upsertMany(STORES);
  await repos.stock.upsertMany([
    { storeId: 'str_near', productId: 'prd_last5', onHand: 5, reserved: 0 },
    { storeId: 'str_near', productId: 'prd_a', onHand: 10, reserved: 0 },
    { storeId: 'str_near', productId: 'prd_b', onHand: 1, reserved: 0 },
    { storeId: 'str_mid', productId: 'prd_a', onHand: 10, reserved: 0 },
    { storeId: 'str_mid', productId: 'prd_b', onHand: 0, reserved: 0 },
    { storeId: 'str_far', productId: 'prd_a', onHand: 3, reserved: 0 },
    { storeId: 'str_far', productId: 'prd_b', onHand: 6, reserved: 0 },
    { storeId: 'str_near', productId: 'prd_once', onHand: 20, reserved: 0 },
    { storeId: 'str_near', productId: 'prd_rel', onHand: 4, reserved: 0 },
    { storeId: 'str_near', productId: 'prd_split1', onHand: 2, reserved: 0 },
    { storeId: 'str_mid', productId: 'prd_split2', onHand: 2, reserved: 0 },
    { storeId: 'str_closed', productId: 'prd_a', onHand: 50, reserved: 0 },
  ]);
  server = await startTestSubgraph(subgraph, deps);
  services = server.app.useCases;
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.unlink(...keys);
  await deps.close();
});

describe('reserveStock', () => {
  it('when 500 orders race for the last 5 units, then exactly 5 are reserved and stock never goes below what is held', async () => {
    let running = true;
    const samples: { onHand: number; reserved: number }[] = [];
    const sampler = (async () => {
      while (running) {
        samples.push((await stockOf('str_near', 'prd_last5'))!);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // Through the subgraph's HTTP endpoint, signed as orders would sign it.
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => reserve({ orderId: `ord_race_${i}`, items: [{ productId: 'prd_last5', quantity: 1 }] })),
    );
    running = false;
    await sampler;

    expect(results.filter((r) => r.errors)).toEqual([]);
    const kinds = results.map((r) => r.data!.reserveStock.__typename);
    expect(kinds.filter((k) => k === 'StockReserved')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'ReservationOutOfStock')).toHaveLength(495);
    const refused = results.find((r) => r.data!.reserveStock.__typename === 'ReservationOutOfStock')!.data!.reserveStock;
    expect(refused.items).toEqual([{ productId: 'prd_last5', requested: 1, available: 0 }]);

    expect(samples.length).toBeGreaterThan(5);
    for (const sample of samples) {
      expect(sample.reserved).toBeLessThanOrEqual(sample.onHand);
      expect(sample.onHand).toBe(5);
    }
    expect(await stockOf('str_near', 'prd_last5')).toEqual({ onHand: 5, reserved: 5 });
    expect(await deps.db('reservations').count<{ n: string }[]>('* as n').whereLike('order_id', 'ord_race_%')).toEqual([{ n: '5' }]);
    expect(await deps.db('reservation_items').sum<{ s: string }[]>('quantity as s').where('product_id', 'prd_last5')).toEqual([{ s: '5' }]);
  }, 60_000);

  it('when the nearest store has every item, then it holds them all, with history, events and the cache dropped', async () => {
    // Something cached the free units before the reservation.
    expect((await services.availability.lookup(HERE, ['prd_a'], new Date()))[0]!.quantity).toBe(23);
    const result = await reserved({ orderId: 'ord_basic', items: [{ productId: 'prd_b', quantity: 1 }, { productId: 'prd_a', quantity: 2 }] });
    expect(result).toMatchObject({ __typename: 'StockReserved', storeId: 'str_near', reservationId: expect.stringMatching(/^res_[a-z2-7]{20}$/) });
    expect(result.distanceMeters).toBeGreaterThan(190);
    expect(result.distanceMeters).toBeLessThan(210);
    const ttl = Date.parse(result.expiresAt as string) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(601_000);

    expect(await stockOf('str_near', 'prd_a')).toEqual({ onHand: 10, reserved: 2 });
    expect(await stockOf('str_near', 'prd_b')).toEqual({ onHand: 1, reserved: 1 });
    const history = await repos.history.changesFor('str_near', 'prd_a');
    expect(history.filter((h) => h.reservationId === result.reservationId)).toEqual([
      expect.objectContaining({ kind: 'RESERVE', delta: 0, reservedDelta: 2, onHandAfter: 10, reservedAfter: 2, actor: 'orders', reason: 'reserved for order ord_basic' }),
    ]);
    const events = await deps.db('outbox').where('subject', 'inventory.changed').whereRaw(`payload->>'reservationId' = ?`, [result.reservationId as string]);
    expect(events.map((e: { payload: { productId: string } }) => e.payload.productId).sort()).toEqual(['prd_a', 'prd_b']);
    expect(events[0].payload).toMatchObject({ kind: 'RESERVE', orderId: 'ord_basic', storeId: 'str_near' });
    // The cache entry was dropped after the commit: the next lookup reads the new number.
    expect((await services.availability.lookup(HERE, ['prd_a'], new Date()))[0]!.quantity).toBe(21);
  });

  it('when the nearest store lacks one item, then the next store that has everything takes the whole order', async () => {
    // str_near has 0 of prd_b left (ord_basic holds it), str_mid has none: str_far has both.
    const result = await reserved({ orderId: 'ord_fallback', items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_b', quantity: 2 }] });
    expect(result).toMatchObject({ __typename: 'StockReserved', storeId: 'str_far' });
    expect(await stockOf('str_far', 'prd_a')).toEqual({ onHand: 3, reserved: 1 });
    expect(await stockOf('str_far', 'prd_b')).toEqual({ onHand: 6, reserved: 2 });
    expect(await stockOf('str_near', 'prd_a')).toEqual({ onHand: 10, reserved: 2 });
  });

  it('when one item of several is short everywhere, then nothing is reserved anywhere and the short item is named with the most free', async () => {
    const before = await reservedEverywhere(['prd_a', 'prd_b']);
    const result = await reserved({ orderId: 'ord_short', items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_b', quantity: 5 }] });
    expect(result).toEqual({ __typename: 'ReservationOutOfStock', items: [{ productId: 'prd_b', requested: 5, available: 4 }] });
    expect(await reservedEverywhere(['prd_a', 'prd_b'])).toBe(before);
    expect(await repos.reservations.findByOrderId('ord_short')).toBeNull();
  });

  it('when a line is taken between the read and the reservation, then the whole store is rolled back, not half of it', async () => {
    await repos.stock.upsertMany([
      { storeId: 'str_mid', productId: 'prd_rb1', onHand: 1, reserved: 0 },
      { storeId: 'str_mid', productId: 'prd_rb2', onHand: 1, reserved: 0 },
    ]);
    // The second line goes after the free units were read and before they are held, as a concurrent order would take it.
    const reservations = Object.getPrototypeOf(repos.reservations) as { hold: (...args: unknown[]) => Promise<unknown> };
    const original = reservations.hold;
    const spy = jest.spyOn(reservations, 'hold').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      if ((args[0] as { storeId: string }).storeId === 'str_mid') await deps.db('stock').where({ store_id: 'str_mid', product_id: 'prd_rb2' }).update({ on_hand: 0 });
      return original.apply(this, args);
    });
    try {
      const result = await reserved({ orderId: 'ord_rollback', items: [{ productId: 'prd_rb1', quantity: 1 }, { productId: 'prd_rb2', quantity: 1 }] });
      expect(result).toEqual({ __typename: 'ReservationOutOfStock', items: [{ productId: 'prd_rb2', requested: 1, available: 0 }] });
    } finally {
      spy.mockRestore();
    }
    expect(await stockOf('str_mid', 'prd_rb1')).toEqual({ onHand: 1, reserved: 0 });
    expect(await repos.reservations.findByOrderId('ord_rollback')).toBeNull();
  });

  it('when each item is free somewhere but no store has them all, then it is out of stock listing every item', async () => {
    const result = await reserved({ orderId: 'ord_split', items: [{ productId: 'prd_split1', quantity: 1 }, { productId: 'prd_split2', quantity: 1 }] });
    expect(result).toEqual({
      __typename: 'ReservationOutOfStock',
      items: [
        { productId: 'prd_split1', requested: 1, available: 2 },
        { productId: 'prd_split2', requested: 1, available: 2 },
      ],
    });
  });

  it('when no store covers the location, or none that does is open, then it is not deliverable and nothing is held', async () => {
    expect(await reserved({ orderId: 'ord_nowhere', location: NOWHERE, items: [{ productId: 'prd_a', quantity: 1 }] })).toEqual({
      __typename: 'ReservationNotDeliverable',
      reason: 'No store delivers to this location',
    });
    expect(await reserved({ orderId: 'ord_closed', location: CLOSED_AREA, items: [{ productId: 'prd_a', quantity: 1 }] })).toEqual({
      __typename: 'ReservationNotDeliverable',
      reason: 'No store that delivers to this location is open now',
    });
    expect(await stockOf('str_closed', 'prd_a')).toEqual({ onHand: 50, reserved: 0 });
  });

  it('when the same order is reserved again, then the same reservation comes back and nothing more is held', async () => {
    const first = await reserved({ orderId: 'ord_again', items: [{ productId: 'prd_once', quantity: 3 }] });
    const second = await reserved({ orderId: 'ord_again', items: [{ productId: 'prd_once', quantity: 3 }] });
    expect(second).toEqual(first);
    expect(await stockOf('str_near', 'prd_once')).toEqual({ onHand: 20, reserved: 3 });
  });

  it('when 20 calls for one order arrive at once, then one reservation is made and every answer names it', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => reserve({ orderId: 'ord_dupes', items: [{ productId: 'prd_once', quantity: 2 }] })));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ids = new Set(results.map((r) => r.data!.reserveStock.reservationId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^res_/);
    expect(await stockOf('str_near', 'prd_once')).toEqual({ onHand: 20, reserved: 5 });
    expect(await deps.db('reservations').where('order_id', 'ord_dupes').count<{ n: string }[]>('* as n')).toEqual([{ n: '1' }]);
  });

  it('when a released order is reserved again, then it is INVALID_STATE and nothing is held', async () => {
    await reserved({ orderId: 'ord_gone', items: [{ productId: 'prd_once', quantity: 1 }] });
    expect((await release('ord_gone')).data).toEqual({ releaseReservation: true });
    const again = await reserve({ orderId: 'ord_gone', items: [{ productId: 'prd_once', quantity: 1 }] });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(await stockOf('str_near', 'prd_once')).toEqual({ onHand: 20, reserved: 5 });
  });

  it.each([
    ['no items', { items: [] }],
    ['a quantity of 0', { items: [{ productId: 'prd_a', quantity: 0 }] }],
    ['a product named twice', { items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_a', quantity: 1 }] }],
    ['a latitude off the Earth', { location: { lat: 95, lng: 0 }, items: [{ productId: 'prd_a', quantity: 1 }] }],
    ['a ttl of 0', { ttlSeconds: 0, items: [{ productId: 'prd_a', quantity: 1 }] }],
  ])('when the request has %s, then it is BAD_USER_INPUT and nothing is held', async (_what, change) => {
    const before = await reservedEverywhere(['prd_a']);
    const res = await reserve({ orderId: 'ord_bad', ...change } as ReserveInput);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await reservedEverywhere(['prd_a'])).toBe(before);
  });

  it.each([
    ['a customer', { sub: 'cus_1', role: 'customer' } as Identity],
    ['an admin', { sub: 'adm_1', role: 'admin' } as Identity],
    ['store staff', { sub: 'stf_1', role: 'store_staff', storeId: 'str_near' } as Identity],
    ['an anonymous caller', null],
  ])('when %s calls the reservation API, then every call is FORBIDDEN and nothing changes', async (_who, identity) => {
    const res = await reserve({ orderId: 'ord_forbidden', items: [{ productId: 'prd_a', quantity: 1 }] }, identity);
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await release('ord_basic', 'nope', identity)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await confirm('ord_basic', identity)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await confirmAll(['ord_basic'], identity)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await repos.reservations.findByOrderId('ord_forbidden')).toBeNull();
    expect((await repos.reservations.findByOrderId('ord_basic'))!.status).toBe('ACTIVE');
  });
});

describe('releaseReservation and confirmReservation', () => {
  it('when a reservation is released, then its units are free again, recorded and announced; a second release is false', async () => {
    const result = await reserved({ orderId: 'ord_rel', items: [{ productId: 'prd_rel', quantity: 3 }] });
    expect(await stockOf('str_near', 'prd_rel')).toEqual({ onHand: 4, reserved: 3 });
    expect((await services.availability.lookup(HERE, ['prd_rel'], new Date()))[0]!.quantity).toBe(1);

    expect((await release('ord_rel', '  payment declined ')).data).toEqual({ releaseReservation: true });
    expect(await stockOf('str_near', 'prd_rel')).toEqual({ onHand: 4, reserved: 0 });
    expect((await services.availability.lookup(HERE, ['prd_rel'], new Date()))[0]!.quantity).toBe(4);
    const reservation = (await repos.reservations.findByOrderId('ord_rel'))!;
    expect(reservation).toMatchObject({ status: 'RELEASED', releasedReason: 'payment declined' });
    const history = (await repos.history.changesFor('str_near', 'prd_rel')).filter((h) => h.reservationId === result.reservationId);
    expect(history.map((h) => [h.kind, h.reservedDelta, h.reservedAfter])).toEqual([
      ['RESERVE', 3, 3],
      ['RELEASE', -3, 0],
    ]);
    const events = await deps.db('outbox').whereRaw(`payload->>'reservationId' = ? AND payload->>'kind' = 'RELEASE'`, [result.reservationId as string]);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ reserved: 0, onHand: 4, available: 4, reason: 'payment declined', orderId: 'ord_rel' });

    expect((await release('ord_rel')).data).toEqual({ releaseReservation: false });
    expect(await stockOf('str_near', 'prd_rel')).toEqual({ onHand: 4, reserved: 0 });
  });

  it('when an order without a reservation is released or confirmed, then both answer false', async () => {
    expect((await release('ord_unknown')).data).toEqual({ releaseReservation: false });
    expect((await confirm('ord_unknown')).data).toEqual({ confirmReservation: false });
  });

  it('when a reservation is confirmed twice, then both answer true and it stays held', async () => {
    await reserved({ orderId: 'ord_conf', items: [{ productId: 'prd_rel', quantity: 1 }] });
    expect((await confirm('ord_conf')).data).toEqual({ confirmReservation: true });
    expect((await confirm('ord_conf')).data).toEqual({ confirmReservation: true });
    expect((await repos.reservations.findByOrderId('ord_conf'))!.status).toBe('CONFIRMED');
    expect(await stockOf('str_near', 'prd_rel')).toEqual({ onHand: 4, reserved: 1 });
  });

  it('when a confirmed reservation is released (a cancellation), then its units are free again; a released one cannot be confirmed', async () => {
    expect((await release('ord_conf', 'cancelled by the customer')).data).toEqual({ releaseReservation: true });
    expect(await stockOf('str_near', 'prd_rel')).toEqual({ onHand: 4, reserved: 0 });
    expect((await confirm('ord_conf')).data).toEqual({ confirmReservation: false });
  });

  it('when the reason is blank, then it is BAD_USER_INPUT', async () => {
    expect((await release('ord_basic', '   ')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('when several orders are confirmed in one call, then their active reservations are CONFIRMED, the count says how many, and the rest stay as they were', async () => {
    await reserved({ orderId: 'ord_many_1', items: [{ productId: 'prd_rel', quantity: 1 }] });
    await reserved({ orderId: 'ord_many_2', items: [{ productId: 'prd_rel', quantity: 1 }] });
    await reserved({ orderId: 'ord_many_gone', items: [{ productId: 'prd_rel', quantity: 1 }] });
    expect((await release('ord_many_gone', 'payment declined')).data).toEqual({ releaseReservation: true });
    expect((await confirm('ord_many_2')).data).toEqual({ confirmReservation: true });

    expect((await confirmAll(['ord_many_1', 'ord_many_2', 'ord_many_gone', 'ord_unknown'])).data).toEqual({ confirmReservations: 1 });
    expect((await repos.reservations.findByOrderId('ord_many_1'))!.status).toBe('CONFIRMED');
    expect((await repos.reservations.findByOrderId('ord_many_2'))!.status).toBe('CONFIRMED');
    expect((await repos.reservations.findByOrderId('ord_many_gone'))!.status).toBe('RELEASED');
    expect(await stockOf('str_near', 'prd_rel')).toEqual({ onHand: 4, reserved: 2 });
    // Again: nothing left to confirm, nothing changes.
    expect((await confirmAll(['ord_many_1', 'ord_many_2'])).data).toEqual({ confirmReservations: 0 });
    expect((await release('ord_many_1', 'test cleanup')).data).toEqual({ releaseReservation: true });
    expect((await release('ord_many_2', 'test cleanup')).data).toEqual({ releaseReservation: true });
  });

  it.each([
    ['no order', []],
    ['more than 500 orders', Array.from({ length: 501 }, (_, i) => `ord_${i}`)],
    ['a blank order id', ['ord_basic', '  ']],
  ])('when confirmReservations names %s, then it is BAD_USER_INPUT and nothing is confirmed', async (_what, orderIds) => {
    const res = await confirmAll(orderIds);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await repos.reservations.findByOrderId('ord_basic'))!.status).toBe('ACTIVE');
  });
});

describe('the public API', () => {
  const INTERNAL_TYPES = ['ReserveStockInput', 'ReserveItemInput', 'ReserveStockResult', 'StockReserved', 'ReservationOutOfStock', 'ShortItem', 'ReservationNotDeliverable'];
  const INTERNAL_FIELDS = ['reserveStock', 'releaseReservation', 'confirmReservation', 'confirmReservations'];

  const expectHidden = (apiSdl: string) => {
    for (const field of INTERNAL_FIELDS) expect(apiSdl).not.toMatch(new RegExp(`\\b${field}\\(`));
    for (const type of INTERNAL_TYPES) expect(apiSdl).not.toMatch(new RegExp(`\\b${type}\\b`));
    // Public neighbours are still there, so the check above cannot pass on an empty schema.
    expect(apiSdl).toMatch(/\badjustStock\(/);
    expect(apiSdl).toMatch(/\bLocationInput\b/);
  };

  it('when availability is composed, then the API schema leaves the reservation operations and their types out', () => {
    const result = composeServices([{ name: 'availability', url: 'http://availability', typeDefs }]);
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
    expect(result.supergraphSdl).toMatch(/reserveStock\(input: ReserveStockInput!\): ReserveStockResult! @inaccessible/);
    expectHidden(printSchema(result.schema.toAPISchema()));
  });

  it('when the gateway loads the committed supergraph, then its API schema has no reservation operations', () => {
    const sdl = readFileSync(join(__dirname, '../../../schema/supergraph.graphql'), 'utf8');
    expect(sdl).toMatch(/reserveStock\(input: ReserveStockInput!\): ReserveStockResult! @inaccessible/);
    expectHidden(printSchema(Supergraph.build(sdl).apiSchema()));
  });
});
