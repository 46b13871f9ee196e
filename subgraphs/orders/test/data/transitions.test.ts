import { SUBJECTS, type OutboxEvent } from '@qc/shared';
import { createTestDb, examplePayload, type TestDb } from '@qc/shared/testing';
import { GraphQLError } from 'graphql';
import { migrations } from '../../migrations';
import { newOrder } from '../support/fixtures';
import { createInStatus, createRepositories, transition } from '../../src/data';

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

describe('createInStatus (a placement written straight in its status)', () => {
  const pending = () =>
    newOrder({
      id: 'ord_new',
      customerId: 'cus_1',
      status: 'PENDING',
      updatedAt: new Date('2026-11-01T10:00:00.000Z'),
      items: [
        { productId: 'prd_1', quantity: 2, unitPriceCents: 250, currency: 'EUR' },
        { productId: 'prd_2', quantity: 1, unitPriceCents: 0, currency: 'EUR' },
      ],
      history: [{ from: null, to: 'PENDING', actor: 'cus_1', reason: null, at: new Date('2026-11-01T10:00:00.000Z') }],
    });
  const payment = { orderId: 'ord_new', provider: 'simulated', method: 'card_visa_4242', providerPaymentId: 'pay_1', amountCents: 500, currency: 'EUR', status: 'AUTHORIZED' as const, failureReason: null };
  const claim = (orderId: string) =>
    createRepositories(testDb.db).idempotency.claim({ customerId: 'cus_1', key: `k-${orderId}`, requestHash: 'a'.repeat(64), orderId, leaseMs: 60_000 });

  beforeEach(async () => {
    await testDb.db('idempotency_keys').del();
  });

  it('when the claim is still ours, then the order, its lines, history, payment, outcome and status_changed are written together', async () => {
    await claim('ord_new');
    const outcome = { kind: 'placed' as const, orderId: 'ord_new' };
    const created = await createInStatus(testDb.db, { order: pending(), key: 'k-ord_new', outcome, payment }, 'CONFIRMED', 'orders', 'payment authorized');
    const repos = createRepositories(testDb.db);
    expect(created).toEqual((await repos.orders.findByIds(['ord_new']))[0]);
    expect(created?.status).toBe('CONFIRMED');
    expect((await repos.orderItems.findByOrderIds(['ord_new'])).map((l) => [l.line, l.productId, l.quantity, l.unitPriceCents])).toEqual([
      [1, 'prd_1', 2, 250],
      [2, 'prd_2', 1, 0],
    ]);
    expect((await repos.orderHistory.findByOrderIds(['ord_new'])).map((h) => [h.from, h.to, h.actor, h.reason])).toEqual([
      [null, 'PENDING', 'cus_1', null],
      ['PENDING', 'CONFIRMED', 'orders', 'payment authorized'],
    ]);
    expect(await repos.payments.findByOrderId('ord_new')).toEqual(payment);
    expect(await repos.idempotency.find('cus_1', 'k-ord_new')).toMatchObject({ status: 'COMPLETED', outcome });
    expect((await outbox()).map((e) => e.subject)).toEqual(['orders.status_changed']);
  });

  it('when the placement also enqueues events, then they follow its status change in order; one that breaks its contract writes nothing at all', async () => {
    await claim('ord_new');
    const outcome = { kind: 'placed' as const, orderId: 'ord_new' };
    const also = (reservationId: string) => (): OutboxEvent[] => [
      { subject: SUBJECTS.ordersConfirmed, data: examplePayload(SUBJECTS.ordersConfirmed, { orderId: 'ord_new', reservationId }) },
    ];
    // An empty reservation id breaks orders.confirmed's contract: refused before anything is sent.
    await expect(createInStatus(testDb.db, { order: pending(), key: 'k-ord_new', outcome, payment }, 'CONFIRMED', 'orders', null, also(''))).rejects.toThrow(/contract/);
    expect(await createRepositories(testDb.db).orders.findByIds(['ord_new'])).toEqual([]);
    expect(await createRepositories(testDb.db).idempotency.find('cus_1', 'k-ord_new')).toMatchObject({ status: 'IN_PROGRESS' });
    expect(await outbox()).toEqual([]);

    await createInStatus(testDb.db, { order: pending(), key: 'k-ord_new', outcome, payment }, 'CONFIRMED', 'orders', null, also('res_1'));
    expect((await outbox()).map((e) => e.subject)).toEqual(['orders.status_changed', 'orders.confirmed']);
  });

  it('when no payment was asked, then no payment row is written', async () => {
    await claim('ord_new');
    const outcome = { kind: 'rejected' as const, orderId: 'ord_new', items: [] };
    await createInStatus(testDb.db, { order: { ...pending(), storeId: null }, key: 'k-ord_new', outcome, payment: null }, 'REJECTED', 'orders', 'out of stock');
    expect(await createRepositories(testDb.db).payments.findByOrderId('ord_new')).toBeNull();
    expect((await createRepositories(testDb.db).orders.findByIds(['ord_new']))[0]?.status).toBe('REJECTED');
  });

  it('when the claim is no longer ours (finished by whoever took it over), then it answers null and writes nothing', async () => {
    await claim('ord_new');
    await createRepositories(testDb.db).idempotency.complete('cus_1', 'k-ord_new', 'ord_new', { kind: 'declined', orderId: 'ord_new', reason: 'no' });
    const created = await createInStatus(testDb.db, { order: pending(), key: 'k-ord_new', outcome: { kind: 'placed', orderId: 'ord_new' }, payment }, 'CONFIRMED', 'orders', null);
    expect(created).toBeNull();
    expect(await createRepositories(testDb.db).orders.findByIds(['ord_new'])).toEqual([]);
    expect(await testDb.db('order_items').where('order_id', 'ord_new')).toEqual([]);
    expect(await testDb.db('order_status_history').where('order_id', 'ord_new')).toEqual([]);
    expect(await createRepositories(testDb.db).payments.findByOrderId('ord_new')).toBeNull();
    expect(await createRepositories(testDb.db).idempotency.find('cus_1', 'k-ord_new')).toMatchObject({ outcome: { kind: 'declined' } });
    expect(await outbox()).toEqual([]);
  });
});
