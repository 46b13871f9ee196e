import { startConsumer, SUBJECTS, type EventEnvelope, type Identity, type RunningConsumer } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, until, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type Repositories, type StoreRecord } from '../src/data';
import type { InventoryChanged } from '../src/events/inventory-changed';
import { subgraph } from '../src/server';

let deps: TestDeps;
let repos: Repositories;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let listener: RunningConsumer;
const published: EventEnvelope<InventoryChanged>[] = [];

const STAFF_A: Identity = { sub: 'staff_a', role: 'store_staff', storeId: 'str_a' };
const STAFF_B: Identity = { sub: 'staff_b', role: 'store_staff', storeId: 'str_b' };
const ADMIN: Identity = { sub: 'admin_1', role: 'admin' };
const CUSTOMER: Identity = { sub: 'cus_1', role: 'customer' };

const store = (id: string): StoreRecord => ({
  id,
  name: id,
  lat: 52.52,
  lng: 13.405,
  address: `${id} street`,
  deliveryRadiusMeters: 3000,
  capacity: 10,
  timezone: 'Europe/Berlin',
  openingHours: [],
});

const ADJUST = `mutation($input: AdjustStockInput!) {
  adjustStock(input: $input) {
    __typename
    ... on StockAdjusted {
      stockLevel { store { id } onHand reserved available }
      adjustment { id delta reason onHandAfter reservedAfter actor at }
    }
    ... on StockAdjustmentRefused { message }
    ... on InsufficientStock { onHand reserved available requestedDelta }
    ... on ProductNotStocked { storeId productId }
    ... on StoreNotFound { storeId }
  }
}`;

type AdjustResult = { __typename: string } & Record<string, unknown>;

const adjust = (input: { storeId: string; productId: string; delta: number; reason?: string }, identity: Identity | null) =>
  postGraphQL<{ adjustStock: AdjustResult }>(url, ADJUST, { input: { reason: 'stock count', ...input } }, { identity });

const stockOf = (storeId: string, productId: string) => repos.stock.find(storeId, productId);


beforeAll(async () => {
  deps = await createTestDeps('availability_inventory', migrations);
  repos = createRepositories(deps.db);
  await repos.stores.upsertMany([store('str_a'), store('str_b')]);
  await repos.stock.upsertMany([
    { storeId: 'str_a', productId: 'prd_1', onHand: 10, reserved: 4 },
    { storeId: 'str_b', productId: 'prd_1', onHand: 7, reserved: 0 },
    { storeId: 'str_a', productId: 'prd_race', onHand: 12, reserved: 2 },
  ]);
  server = await startTestSubgraph(subgraph, deps, { workers: true });
  url = server.url;
  // Whoever else listens to inventory.changed on the bus, as another subgraph would.
  listener = await startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: 'test-inventory-listener',
    subject: SUBJECTS.inventoryChanged,
    handle: async (event) => {
      published.push(event);
    },
  });
});

afterAll(async () => {
  await listener.stop();
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.unlink(...keys);
  await deps.close();
});

describe('adjustStock', () => {
  it('when staff of the store add units, then the stock changes, the history keeps it and inventory.changed is published', async () => {
    const res = await adjust({ storeId: 'str_a', productId: 'prd_1', delta: 5, reason: '  delivery from the hub ' }, STAFF_A);
    expect(res.errors).toBeUndefined();
    const result = res.data!.adjustStock;
    expect(result).toMatchObject({
      __typename: 'StockAdjusted',
      stockLevel: { store: { id: 'str_a' }, onHand: 15, reserved: 4, available: 11 },
      adjustment: { delta: 5, reason: 'delivery from the hub', onHandAfter: 15, reservedAfter: 4, actor: 'staff_a' },
    });
    const adjustment = result.adjustment as { id: string; at: string };
    expect(adjustment.id).toMatch(/^adj_[0-9a-f-]{36}$/);
    expect(Math.abs(Date.parse(adjustment.at) - Date.now())).toBeLessThan(60_000);

    expect(await stockOf('str_a', 'prd_1')).toMatchObject({ onHand: 15, reserved: 4 });
    const [history] = await repos.history.listFor('str_a', 'prd_1');
    expect(history).toMatchObject({ id: adjustment.id, delta: 5, reason: 'delivery from the hub', onHandAfter: 15, actor: 'staff_a' });

    await until(() => published.some((e) => e.data.adjustmentId === adjustment.id));
    const event = published.find((e) => e.data.adjustmentId === adjustment.id)!;
    expect(event.subject).toBe(SUBJECTS.inventoryChanged);
    expect(`adj_${event.id}`).toBe(adjustment.id);
    expect(event.data).toMatchObject({ storeId: 'str_a', productId: 'prd_1', delta: 5, onHand: 15, reserved: 4, available: 11, actor: 'staff_a' });
  });

  it('when an admin adjusts any store, then it is allowed', async () => {
    const res = await adjust({ storeId: 'str_b', productId: 'prd_1', delta: -2, reason: 'broken' }, ADMIN);
    expect(res.data!.adjustStock).toMatchObject({ __typename: 'StockAdjusted', stockLevel: { onHand: 5 } });
  });

  it.each([
    ['staff of another store', 'FORBIDDEN', STAFF_B],
    ['a customer', 'FORBIDDEN', CUSTOMER],
    ['an anonymous caller', 'UNAUTHENTICATED', null],
  ] as const)('when %s tries, then the answer is %s and nothing changes', async (_who, code, identity) => {
    const before = await stockOf('str_a', 'prd_1');
    const historyBefore = (await repos.history.listFor('str_a', 'prd_1')).length;
    const res = await adjust({ storeId: 'str_a', productId: 'prd_1', delta: -1 }, identity);
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.data).toBeNull();
    expect(await stockOf('str_a', 'prd_1')).toEqual(before);
    expect(await repos.history.listFor('str_a', 'prd_1')).toHaveLength(historyBefore);
  });

  it('when taking units would leave fewer than are reserved, then InsufficientStock comes back and nothing changes', async () => {
    const outboxBefore = await deps.db('outbox').count<{ n: string }[]>('* as n');
    const res = await adjust({ storeId: 'str_a', productId: 'prd_1', delta: -12 }, STAFF_A);
    expect(res.errors).toBeUndefined();
    expect(res.data!.adjustStock).toEqual({
      __typename: 'InsufficientStock',
      message: expect.stringMatching(/only 11 are not reserved/),
      onHand: 15,
      reserved: 4,
      available: 11,
      requestedDelta: -12,
    });
    expect(await stockOf('str_a', 'prd_1')).toMatchObject({ onHand: 15, reserved: 4 });
    expect(await deps.db('outbox').count<{ n: string }[]>('* as n')).toEqual(outboxBefore);
  });

  it('when taking exactly the free units, then it succeeds and leaves on hand equal to reserved', async () => {
    await adjust({ storeId: 'str_b', productId: 'prd_1', delta: -5 }, STAFF_B);
    expect(await stockOf('str_b', 'prd_1')).toMatchObject({ onHand: 0, reserved: 0 });
    const res = await adjust({ storeId: 'str_b', productId: 'prd_1', delta: -1 }, STAFF_B);
    expect(res.data!.adjustStock).toMatchObject({ __typename: 'InsufficientStock', available: 0 });
  });

  it('when the store does not carry the product, then ProductNotStocked; when the store does not exist, StoreNotFound', async () => {
    const notStocked = await adjust({ storeId: 'str_a', productId: 'prd_unknown', delta: 3 }, STAFF_A);
    expect(notStocked.data!.adjustStock).toEqual({
      __typename: 'ProductNotStocked',
      message: 'Store str_a does not carry product prd_unknown',
      storeId: 'str_a',
      productId: 'prd_unknown',
    });
    const noStore = await adjust({ storeId: 'str_nope', productId: 'prd_1', delta: 3 }, ADMIN);
    expect(noStore.data!.adjustStock).toEqual({ __typename: 'StoreNotFound', message: 'Store str_nope does not exist', storeId: 'str_nope' });
    expect(await stockOf('str_a', 'prd_unknown')).toBeNull();
  });

  it.each([
    ['the delta is zero', { delta: 0 }],
    ['the delta is over a million', { delta: 1_000_001 }],
    ['the reason is blank', { delta: 1, reason: '  ' }],
  ])('when %s, then it is BAD_USER_INPUT and nothing changes', async (_what, change) => {
    const before = await stockOf('str_a', 'prd_1');
    const res = await adjust({ storeId: 'str_a', productId: 'prd_1', ...change }, STAFF_A);
    expect(res.status).toBe(200);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await stockOf('str_a', 'prd_1')).toEqual(before);
  });

  it('when 20 staff take one unit each at once from 10 free units, then exactly 10 succeed and free stock ends at zero', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => adjust({ storeId: 'str_a', productId: 'prd_race', delta: -1, reason: `pick ${i}` }, STAFF_A)),
    );
    const kinds = results.map((r) => r.data?.adjustStock.__typename);
    expect(kinds.filter((k) => k === 'StockAdjusted')).toHaveLength(10);
    expect(kinds.filter((k) => k === 'InsufficientStock')).toHaveLength(10);
    expect(await stockOf('str_a', 'prd_race')).toEqual({ storeId: 'str_a', productId: 'prd_race', onHand: 2, reserved: 2 });
    expect(await repos.history.listFor('str_a', 'prd_race')).toHaveLength(10);
    await until(() => published.filter((e) => e.data.productId === 'prd_race').length === 10);
  });
});
