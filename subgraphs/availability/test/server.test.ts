import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type OpeningHoursRecord } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;

// Round the clock every day vs never: isOpen does not depend on when the test runs.
const roundTheClock: OpeningHoursRecord[] = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));

beforeAll(async () => {
  deps = await createTestDeps('availability', migrations);
  const repos = createRepositories(deps.db);
  await repos.stores.upsertMany([
    {
      id: 'str_closed',
      name: 'Brooklyn Night',
      lat: 40.6782,
      lng: -73.9442,
      address: '1 Atlantic Ave, New York',
      deliveryRadiusMeters: 2500,
      capacity: 12,
      timezone: 'America/New_York',
      openingHours: [],
    },
    {
      id: 'str_open',
      name: 'Alexanderplatz',
      lat: 52.5219,
      lng: 13.4132,
      address: 'Alexanderplatz 1, Berlin',
      deliveryRadiusMeters: 3000,
      capacity: 20,
      timezone: 'Europe/Berlin',
      openingHours: roundTheClock,
    },
  ]);
  await repos.stock.upsertMany([
    { storeId: 'str_open', productId: 'prd_1', onHand: 10, reserved: 3 },
    { storeId: 'str_closed', productId: 'prd_1', onHand: 4, reserved: 4 },
    { storeId: 'str_open', productId: 'prd_2', onHand: 7, reserved: 0 },
  ]);
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

describe('availability subgraph', () => {
  it('when a store is asked for by id, then it comes with location, hours and whether it is open', async () => {
    const res = await postGraphQL(
      url,
      '{ store(id: "str_open") { id name address location { lat lng } deliveryRadiusMeters capacity isOpen openingHours { dayOfWeek opens closes } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      store: {
        id: 'str_open',
        name: 'Alexanderplatz',
        address: 'Alexanderplatz 1, Berlin',
        location: { lat: 52.5219, lng: 13.4132 },
        deliveryRadiusMeters: 3000,
        capacity: 20,
        isOpen: true,
        openingHours: roundTheClock,
      },
    });
  });

  it('when a store has no opening window, then it is closed', async () => {
    const res = await postGraphQL(url, '{ store(id: "str_closed") { isOpen openingHours { dayOfWeek } } }');
    expect(res.data).toEqual({ store: { isOpen: false, openingHours: [] } });
  });

  it('when an unknown store is asked for, then the answer is null', async () => {
    const res = await postGraphQL(url, '{ store(id: "str_nope") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ store: null });
  });

  it('when every store is listed, then they come by name', async () => {
    const res = await postGraphQL(url, '{ stores { id name isOpen } }');
    expect(res.data).toEqual({
      stores: [
        { id: 'str_open', name: 'Alexanderplatz', isOpen: true },
        { id: 'str_closed', name: 'Brooklyn Night', isOpen: false },
      ],
    });
  });

  it('when the store id is missing, then the error is BAD_USER_INPUT', async () => {
    const res = await postGraphQL(url, 'query($id: ID!) { store(id: $id) { id } }', { id: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('when the gateway resolves Store references, then _entities answers in key order with null for unknown ids', async () => {
    const res = await postGraphQL(url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { id name isOpen } } }', {
      r: [
        { __typename: 'Store', id: 'str_closed' },
        { __typename: 'Store', id: 'str_missing' },
        { __typename: 'Store', id: 'str_open' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [{ id: 'str_closed', name: 'Brooklyn Night', isOpen: false }, null, { id: 'str_open', name: 'Alexanderplatz', isOpen: true }],
    });
  });

  it('when the gateway resolves Product references, then each gets its stock per store in key order', async () => {
    const res = await postGraphQL(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id stockLevels { store { id } onHand reserved available } } } }',
      {
        r: [
          { __typename: 'Product', id: 'prd_2' },
          { __typename: 'Product', id: 'prd_unstocked' },
          { __typename: 'Product', id: 'prd_1' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        { id: 'prd_2', stockLevels: [{ store: { id: 'str_open' }, onHand: 7, reserved: 0, available: 7 }] },
        // Catalog owns whether a product exists; here an unknown id simply has no stock.
        { id: 'prd_unstocked', stockLevels: [] },
        {
          id: 'prd_1',
          stockLevels: [
            { store: { id: 'str_closed' }, onHand: 4, reserved: 4, available: 0 },
            { store: { id: 'str_open' }, onHand: 10, reserved: 3, available: 7 },
          ],
        },
      ],
    });
  });

  it('when stock of several products is asked for at once, then one stock query and one store query answer it', async () => {
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    deps.db.on('query', onQuery);
    try {
      const res = await postGraphQL(
        url,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { stockLevels { available store { name isOpen } } } } }',
        { r: ['prd_1', 'prd_2', 'prd_3', 'prd_4'].map((id) => ({ __typename: 'Product', id })) },
      );
      expect(res.errors).toBeUndefined();
    } finally {
      deps.db.off('query', onQuery);
    }
    expect(queries.filter((sql) => /from "stock"/.test(sql))).toHaveLength(1);
    expect(queries.filter((sql) => /from "stores"/.test(sql))).toHaveLength(1);
  });

  it('when an anonymous caller or a signed-in customer asks, then both are answered (stores and stock are public)', async () => {
    const query = '{ store(id: "str_open") { id } }';
    const anonymous = await postGraphQL(url, query, {}, { identity: null });
    const customer = await postGraphQL(url, query, {}, { identity: { sub: 'cus_1', role: 'customer' } });
    expect(anonymous.data).toEqual({ store: { id: 'str_open' } });
    expect(customer.data).toEqual({ store: { id: 'str_open' } });
  });

  it('when a request is not signed by the gateway, then it is refused as UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, '{ stores { id } }', {}, { sign: false });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when health and readiness are probed without a signature, then both answer', async () => {
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'ok', redis: 'ok', nats: 'ok' } });
  });
});
