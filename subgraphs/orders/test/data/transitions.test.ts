import { createTestDb, type TestDb } from '@qc/shared/testing';
import { GraphQLError } from 'graphql';
import { migrations } from '../../migrations';
import { newOrder } from '../support/fixtures';
import { createRepositories, transition } from '../../src/data';

let testDb: TestDb;

beforeAll(async () => {
  testDb = await createTestDb('orders_transition', migrations);
  await createRepositories(testDb.db).customers.upsertMany([{ id: 'cus_1', name: 'Ann', email: 'ann@example.com' }]);
});

afterAll(async () => {
  await testDb.drop();
});

beforeEach(async () => {
  await testDb.db('outbox').del();
  await testDb.db('orders').del();
  await createRepositories(testDb.db).orders.insertMany([newOrder({ id: 'ord_1', customerId: 'cus_1', status: 'CONFIRMED' })]);
});

const history = () => createRepositories(testDb.db).orderHistory.findByOrderIds(['ord_1']);
const status = async () => (await createRepositories(testDb.db).orders.findByIds(['ord_1']))[0]?.status;
const outbox = () => testDb.db('outbox').select('subject', 'payload').orderBy('seq');

describe('transition (the single writer of an order status)', () => {
  it('when a transition is allowed, then status, history and the status_changed event are written together', async () => {
    const at = new Date('2026-11-01T12:00:00.000Z');
    const result = await testDb.db.transaction((trx) => transition(trx, 'ord_1', 'ASSIGNED_TO_STORE', 'fulfillment', 'queued', { at }));
    expect(result.order.status).toBe('ASSIGNED_TO_STORE');
    expect(await status()).toBe('ASSIGNED_TO_STORE');
    expect((await history()).at(-1)).toEqual({ orderId: 'ord_1', from: 'CONFIRMED', to: 'ASSIGNED_TO_STORE', actor: 'fulfillment', reason: 'queued', at });
    expect(await outbox()).toEqual([
      {
        subject: 'orders.status_changed',
        payload: { orderId: 'ord_1', customerId: 'cus_1', storeId: 'str_1', from: 'CONFIRMED', to: 'ASSIGNED_TO_STORE', actor: 'fulfillment', reason: 'queued', at: at.toISOString() },
      },
    ]);
  });

  it('when a transition is not allowed, then it throws INVALID_STATE and nothing is written', async () => {
    const before = await history();
    const error = await testDb.db.transaction((trx) => transition(trx, 'ord_1', 'DELIVERED', 'someone', null)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toEqual({ code: 'INVALID_STATE', from: 'CONFIRMED', to: 'DELIVERED' });
    expect(await status()).toBe('CONFIRMED');
    expect(await history()).toEqual(before);
    expect(await outbox()).toEqual([]);
  });

  it('when the guard refuses the current order, then nothing is written', async () => {
    const refused = testDb.db.transaction((trx) =>
      transition(trx, 'ord_1', 'CANCELLED', 'cus_1', null, {
        guard: (order) => {
          throw new Error(`not in ${order.status}`);
        },
      }),
    );
    await expect(refused).rejects.toThrow('not in CONFIRMED');
    expect(await status()).toBe('CONFIRMED');
    expect(await outbox()).toEqual([]);
  });

  it('when the order does not exist, then it throws NOT_FOUND', async () => {
    const error = await testDb.db.transaction((trx) => transition(trx, 'ord_nope', 'CANCELLED', 'x', null)).catch((e: unknown) => e);
    expect((error as GraphQLError).extensions.code).toBe('NOT_FOUND');
  });

  it('when two conflicting transitions race, then the row lock serialises them: one wins, the other sees its result and is refused', async () => {
    const results = await Promise.allSettled([
      testDb.db.transaction((trx) => transition(trx, 'ord_1', 'CANCELLED', 'cus_1', 'changed my mind')),
      testDb.db.transaction((trx) => transition(trx, 'ord_1', 'ASSIGNED_TO_STORE', 'fulfillment', null)),
      testDb.db.transaction((trx) => transition(trx, 'ord_1', 'CANCELLED', 'adm_1', 'duplicate')),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    // CANCELLED then ASSIGNED_TO_STORE is impossible, ASSIGNED_TO_STORE then CANCELLED is allowed: 1 or 2 win, never all.
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(won.length).toBeLessThanOrEqual(2);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as GraphQLError).extensions.code).toBe('INVALID_STATE');
    const changes = (await history()).slice(2);
    expect(changes).toHaveLength(won.length);
    // The history is a valid walk through the machine: every entry starts where the previous ended.
    let current = 'CONFIRMED';
    for (const change of changes) {
      expect(change.from).toBe(current);
      current = change.to;
    }
    expect(await status()).toBe(current);
    expect((await outbox()).length).toBe(won.length);
  });

  it('when the clock says earlier than the last change, then the new entry is not dated before it', async () => {
    const [order] = await createRepositories(testDb.db).orders.findByIds(['ord_1']);
    const { change } = await testDb.db.transaction((trx) => transition(trx, 'ord_1', 'ASSIGNED_TO_STORE', 'f', null, { at: new Date(0) }));
    expect(change.at.getTime()).toBe(order!.updatedAt.getTime());
  });
});
