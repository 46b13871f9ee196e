import { randomUUID } from 'node:crypto';
import { migrate } from '@qc/shared';
import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { newOrder } from '../support/fixtures';
import { createRepositories } from '../../src/data';

const beforeLedger = migrations.filter((m) => m.name < '20261205120000');
let testDb: TestDb;

beforeAll(async () => {
  // Stops before the ledger, so a test can leave rows the way the previous release wrote them.
  testDb = await createTestDb('orders_refunds_repo', beforeLedger);
  await createRepositories(testDb.db).customers.upsertMany([{ id: 'cus_1', name: 'Ann', email: 'ann@example.com' }]);
});

afterAll(async () => {
  await testDb.drop();
});

describe('the refund ledger migration', () => {
  it('when partial refunds were owed or made before the ledger, then the migration puts them in it, keyed by their event, and owed ones become work for the retrier', async () => {
    const db = testDb.db;
    // Written as that release's schema had it: today's repository knows columns added since.
    await db('orders').insert({
      id: 'ord_old',
      customer_id: 'cus_1',
      store_id: 'str_1',
      status: 'PICKING',
      currency: 'EUR',
      total_cents: 500,
      delivery_line1: 'Torstraße 1',
      delivery_city: 'Berlin',
      delivery_postal_code: '10119',
      delivery_lat: 52.529,
      delivery_lng: 13.401,
    });
    const [owed, done, free] = [randomUUID(), randomUUID(), randomUUID()];
    const row = { order_id: 'ord_old', product_id: 'prd_1', quantity: 1, currency: 'EUR', actor: 'fulfillment' };
    await db('partial_refunds').insert([
      { ...row, event_id: owed, amount_cents: 250, status: 'OWED' },
      { ...row, event_id: done, amount_cents: 250, status: 'REFUNDED' },
      { ...row, event_id: free, amount_cents: 250, status: 'NOT_CHARGED' },
    ]);

    await migrate(db, testDb.schema, migrations);
    const repos = createRepositories(db);
    expect((await repos.refunds.findByOrderId('ord_old')).map((r) => [r.id, r.kind, r.amountCents, r.status, r.refundedAt !== null]).sort()).toEqual(
      [
        [`item_missing:${done}`, 'ITEM_MISSING', 250, 'REFUNDED', true],
        [`item_missing:${owed}`, 'ITEM_MISSING', 250, 'OWED', false],
      ].sort(),
    );
    expect((await repos.refunds.findOwed(10)).map((r) => r.id)).toEqual([`item_missing:${owed}`]);
    const byEvent = new Map((await repos.partialRefunds.findByOrderId('ord_old')).map((p) => [p.eventId, p.refundId]));
    expect(byEvent).toEqual(new Map([[owed, `item_missing:${owed}`], [done, `item_missing:${done}`], [free, null]]));

    // Settling marks the ledger entry and the partial refund it pays, once.
    expect(await repos.refunds.markRefunded(`item_missing:${owed}`)).toBe(true);
    await repos.partialRefunds.markRefunded(`item_missing:${owed}`);
    expect(await repos.refunds.markRefunded(`item_missing:${owed}`)).toBe(false);
    expect((await repos.partialRefunds.findByOrderId('ord_old')).find((p) => p.eventId === owed)?.status).toBe('REFUNDED');
    expect(await repos.refunds.findOwed(10)).toEqual([]);

    // Down and up again, with the later migrations undone first as a rollback would.
    const ledger = migrations.find((m) => m.name === '20261205120000_refund_ledger')!;
    const later = migrations.filter((m) => m.name > ledger.name).reverse();
    for (const m of later) await m.down(db);
    await ledger.down(db);
    expect(await db.schema.hasTable('refunds')).toBe(false);
    expect(await db.schema.hasColumn('partial_refunds', 'refund_id')).toBe(false);
    await ledger.up(db);
    for (const m of later.reverse()) await m.up(db);
    expect((await repos.refunds.findByOrderId('ord_old')).map((r) => r.status).sort()).toEqual(['REFUNDED', 'REFUNDED']);
  });

  it('when the same refund is added to the ledger twice, then the first amount stays', async () => {
    const db = testDb.db;
    await migrate(db, testDb.schema, migrations);
    const repos = createRepositories(db);
    await repos.orders.insertMany([newOrder({ id: 'ord_twice', customerId: 'cus_1', status: 'CANCELLED' })]);
    await repos.refunds.insertOwed({ id: 'cancellation:ord_twice', orderId: 'ord_twice', kind: 'CANCELLATION', amountCents: 300, currency: 'EUR' });
    await repos.refunds.insertOwed({ id: 'cancellation:ord_twice', orderId: 'ord_twice', kind: 'CANCELLATION', amountCents: 500, currency: 'EUR' });
    expect(await repos.refunds.findByOrderId('ord_twice')).toMatchObject([{ amountCents: 300, status: 'OWED', attempts: 0 }]);
    await repos.refunds.recordFailure('cancellation:ord_twice', 'provider down');
    expect(await repos.refunds.findById('cancellation:ord_twice')).toMatchObject({ attempts: 1, lastError: 'provider down' });
  });
});
