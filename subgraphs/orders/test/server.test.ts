import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import type { Identity } from '@qc/shared';
import { migrations } from '../migrations';
import { createRepositories } from '../src/data';
import { subgraph } from '../src/server';
import { hoursAfterBase, newOrder } from './support/fixtures';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const ann: Identity = { sub: 'cus_ann', role: 'customer' };
const bob: Identity = { sub: 'cus_bob', role: 'customer' };
const staffOfStore1: Identity = { sub: 'staff_1', role: 'store_staff', storeId: 'str_1' };
const staffOfStore2: Identity = { sub: 'staff_2', role: 'store_staff', storeId: 'str_2' };
const courier: Identity = { sub: 'cou_1', role: 'courier', courierId: 'cou_1' };
const admin: Identity = { sub: 'adm_1', role: 'admin' };

beforeAll(async () => {
  deps = await createTestDeps('orders', migrations);
  const repos = createRepositories(deps.db);
  await repos.customers.upsertMany([
    { id: 'cus_ann', name: 'Ann', email: 'ann@example.com' },
    { id: 'cus_bob', name: 'Bob', email: 'bob@example.com' },
  ]);
  await repos.orders.insertMany([
    newOrder({
      id: 'ord_ann_1',
      customerId: 'cus_ann',
      status: 'PICKING',
      totalCents: 1247,
      placedAt: hoursAfterBase(0),
      updatedAt: hoursAfterBase(1),
      items: [
        { productId: 'prd_1', quantity: 3, unitPriceCents: 249, currency: 'EUR' },
        { productId: 'prd_2', quantity: 1, unitPriceCents: 500, currency: 'EUR' },
      ],
      // Given out of order on purpose: history must come back sorted by time, not by insertion.
      history: [
        { from: 'CONFIRMED', to: 'ASSIGNED_TO_STORE', actor: 'fulfillment', reason: null, at: hoursAfterBase(0.2) },
        { from: null, to: 'PENDING', actor: 'cus_ann', reason: null, at: hoursAfterBase(0) },
        { from: 'ASSIGNED_TO_STORE', to: 'PICKING', actor: 'staff_1', reason: 'started', at: hoursAfterBase(0.3) },
        { from: 'PENDING', to: 'CONFIRMED', actor: 'payments', reason: null, at: hoursAfterBase(0.1) },
      ],
    }),
    // Two orders placed in the same millisecond: the id decides, descending.
    newOrder({ id: 'ord_ann_2a', customerId: 'cus_ann', placedAt: hoursAfterBase(2) }),
    newOrder({ id: 'ord_ann_2b', customerId: 'cus_ann', placedAt: hoursAfterBase(2) }),
    newOrder({ id: 'ord_ann_3', customerId: 'cus_ann', placedAt: hoursAfterBase(3), storeId: null, status: 'PENDING' }),
    newOrder({ id: 'ord_ann_4', customerId: 'cus_ann', placedAt: hoursAfterBase(4) }),
    newOrder({ id: 'ord_bob_1', customerId: 'cus_bob', placedAt: hoursAfterBase(1), storeId: 'str_2' }),
  ]);
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

const ORDER_QUERY = 'query($id: ID!) { order(id: $id) { id status } }';

describe('orders subgraph', () => {
  it('when a customer asks for their order, then it comes with customer, items, totals, store, address and history oldest first', async () => {
    const res = await postGraphQL(
      url,
      `{ order(id: "ord_ann_1") {
          id status placedAt updatedAt
          customer { id name email }
          items { product { id } quantity unitPrice { amountCents currency } lineTotal { amountCents currency } }
          total { amountCents currency }
          store { id }
          deliveryAddress { line1 city postalCode lat lng }
          history { from to actor reason at }
      } }`,
      {},
      { identity: ann },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      order: {
        id: 'ord_ann_1',
        status: 'PICKING',
        placedAt: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-01T11:00:00.000Z',
        customer: { id: 'cus_ann', name: 'Ann', email: 'ann@example.com' },
        items: [
          { product: { id: 'prd_1' }, quantity: 3, unitPrice: { amountCents: 249, currency: 'EUR' }, lineTotal: { amountCents: 747, currency: 'EUR' } },
          { product: { id: 'prd_2' }, quantity: 1, unitPrice: { amountCents: 500, currency: 'EUR' }, lineTotal: { amountCents: 500, currency: 'EUR' } },
        ],
        total: { amountCents: 1247, currency: 'EUR' },
        store: { id: 'str_1' },
        deliveryAddress: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', lat: 52.529, lng: 13.401 },
        history: [
          { from: null, to: 'PENDING', actor: 'cus_ann', reason: null, at: '2026-11-01T10:00:00.000Z' },
          { from: 'PENDING', to: 'CONFIRMED', actor: 'payments', reason: null, at: '2026-11-01T10:06:00.000Z' },
          { from: 'CONFIRMED', to: 'ASSIGNED_TO_STORE', actor: 'fulfillment', reason: null, at: '2026-11-01T10:12:00.000Z' },
          { from: 'ASSIGNED_TO_STORE', to: 'PICKING', actor: 'staff_1', reason: 'started', at: '2026-11-01T10:18:00.000Z' },
        ],
      },
    });
  });

  it('when an order has no store yet, then its store is null', async () => {
    const res = await postGraphQL(url, '{ order(id: "ord_ann_3") { store { id } } }', {}, { identity: ann });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ order: { store: null } });
  });

  it('when a signed-in caller asks for an unknown order, then the answer is null', async () => {
    const res = await postGraphQL(url, ORDER_QUERY, { id: 'ord_nope' }, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ order: null });
  });

  it('when an anonymous caller asks for an order, then the error is UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, ORDER_QUERY, { id: 'ord_ann_1' });
    expect(res.data).toEqual({ order: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['another customer', bob],
    ['staff of another store', staffOfStore2],
    ['a courier', courier],
  ])('when %s asks for an order, then it is null and nothing leaks, exactly as for an unknown id', async (_who, identity) => {
    for (const id of ['ord_ann_1', 'ord_missing']) {
      const res = await postGraphQL(url, ORDER_QUERY, { id }, { identity });
      expect(res.data).toEqual({ order: null });
      expect(res.errors).toBeUndefined();
    }
  });

  it.each([
    ['staff of the order\'s store', staffOfStore1],
    ['an admin', admin],
  ])('when %s asks for an order, then they see it', async (_who, identity) => {
    const res = await postGraphQL(url, ORDER_QUERY, { id: 'ord_ann_1' }, { identity });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ order: { id: 'ord_ann_1', status: 'PICKING' } });
  });

  it('when store staff ask for an order not yet assigned to any store, then it is null', async () => {
    const res = await postGraphQL(url, ORDER_QUERY, { id: 'ord_ann_3' }, { identity: staffOfStore1 });
    expect(res).toMatchObject({ data: { order: null } });
  });

  it('when a customer pages through myOrders, then two pages give all their orders newest first, ties by id', async () => {
    const query =
      'query($after: String) { myOrders(first: 3, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
    const first = await postGraphQL<{ myOrders: any }>(url, query, {}, { identity: ann });
    expect(first.errors).toBeUndefined();
    expect(first.data!.myOrders.edges.map((e: any) => e.node.id)).toEqual(['ord_ann_4', 'ord_ann_3', 'ord_ann_2b']);
    expect(first.data!.myOrders).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    expect(first.data!.myOrders.pageInfo.endCursor).toBe(first.data!.myOrders.edges[2].cursor);

    const second = await postGraphQL<{ myOrders: any }>(url, query, { after: first.data!.myOrders.pageInfo.endCursor }, { identity: ann });
    expect(second.errors).toBeUndefined();
    expect(second.data!.myOrders.edges.map((e: any) => e.node.id)).toEqual(['ord_ann_2a', 'ord_ann_1']);
    expect(second.data!.myOrders).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });
  });

  it('when a customer with one order asks for myOrders, then they get only theirs', async () => {
    const res = await postGraphQL<{ myOrders: any }>(url, '{ myOrders { totalCount edges { node { id customer { id } } } } }', {}, { identity: bob });
    expect(res.errors).toBeUndefined();
    expect(res.data!.myOrders).toEqual({ totalCount: 1, edges: [{ node: { id: 'ord_bob_1', customer: { id: 'cus_bob' } } }] });
  });

  it('when first is negative, too large or the cursor is forged, then myOrders says BAD_USER_INPUT', async () => {
    const negative = await postGraphQL(url, '{ myOrders(first: -1) { totalCount } }', {}, { identity: ann });
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await postGraphQL(url, '{ myOrders(first: 1000) { totalCount } }', {}, { identity: ann });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await postGraphQL(url, '{ myOrders(after: "bm90LWEtY3Vyc29y") { totalCount } }', {}, { identity: ann });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('when myOrders is asked anonymously, then UNAUTHENTICATED; by a non-customer, then FORBIDDEN', async () => {
    const anonymous = await postGraphQL(url, '{ myOrders { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const staff = await postGraphQL(url, '{ myOrders { totalCount } }', {}, { identity: staffOfStore1 });
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('when a customer asks for me, then they get their own record', async () => {
    const res = await postGraphQL(url, '{ me { id name email } }', {}, { identity: bob });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { id: 'cus_bob', name: 'Bob', email: 'bob@example.com' } });
  });

  it('when someone who is not a customer asks for me, then the answer is null', async () => {
    const res = await postGraphQL(url, '{ me { id } }', {}, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
  });

  it('when me is asked anonymously, then the error is UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, '{ me { id } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the gateway resolves Order and Customer references, then _entities answers in key order with null for unknown', async () => {
    const res = await postGraphQL(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id status customer { id } } ... on Customer { id name } } }',
      {
        r: [
          { __typename: 'Customer', id: 'cus_bob' },
          { __typename: 'Order', id: 'ord_ann_2a' },
          { __typename: 'Order', id: 'ord_missing' },
          { __typename: 'Customer', id: 'cus_missing' },
          { __typename: 'Order', id: 'ord_bob_1' },
        ],
      },
      { identity: { sub: 'gateway', role: 'service' } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [
        { id: 'cus_bob', name: 'Bob' },
        { id: 'ord_ann_2a', status: 'CONFIRMED', customer: { id: 'cus_ann' } },
        null,
        null,
        { id: 'ord_bob_1', status: 'CONFIRMED', customer: { id: 'cus_bob' } },
      ],
    });
  });

  const CUSTOMER_ORDERS =
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { orders(first: 2) { totalCount edges { node { id } } } } } }';

  it.each([
    ['the customer themselves', ann],
    ['an admin', admin],
  ])('when %s asks for a customer\'s orders, then they get them newest first', async (_who, identity) => {
    const res = await postGraphQL(url, CUSTOMER_ORDERS, { r: [{ __typename: 'Customer', id: 'cus_ann' }] }, { identity });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      _entities: [{ orders: { totalCount: 5, edges: [{ node: { id: 'ord_ann_4' } }, { node: { id: 'ord_ann_3' } }] } }],
    });
  });

  it.each([
    ['another customer', bob, 'FORBIDDEN'],
    ['staff of the store', staffOfStore1, 'FORBIDDEN'],
    ['an anonymous caller', null, 'UNAUTHENTICATED'],
  ])('when %s asks for a customer\'s orders, then the error is %s', async (_who, identity, code) => {
    const res = await postGraphQL(url, CUSTOMER_ORDERS, { r: [{ __typename: 'Customer', id: 'cus_ann' }] }, { identity });
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
  });

  it('when store staff see an order, then its customer\'s name shows but their other orders do not', async () => {
    const res = await postGraphQL(
      url,
      '{ order(id: "ord_ann_1") { customer { name orders { totalCount } } } }',
      {},
      { identity: staffOfStore1 },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['order', 'customer', 'orders']);
  });

  it('when a request is not signed by the gateway, then it is refused as UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, '{ me { id } }', {}, { sign: false });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
