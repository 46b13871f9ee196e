import { rollbackAll } from '@qc/shared';
import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { newOrder } from '../support/fixtures';
import { createRepositories, type NewOrderRecord, type Repositories } from '../../src/data';

let testDb: TestDb;
let repos: Repositories;

const count = async (table: string): Promise<number> => {
  const [row] = await testDb.db(table).count<{ count: string }[]>('* as count');
  return Number(row?.count);
};

beforeAll(async () => {
  testDb = await createTestDb('orders_repo', migrations);
  repos = createRepositories(testDb.db);
  await repos.customers.upsertMany([{ id: 'cus_1', name: 'Ann', email: 'ann@example.com' }]);
});

afterAll(async () => {
  await testDb.drop();
});

beforeEach(async () => {
  await testDb.db('orders').del();
});

describe('order repositories (the seed API)', () => {
  it('when orders are inserted twice, then the second run skips them with their items and history', async () => {
    const orders = [newOrder({ id: 'ord_1', customerId: 'cus_1' }), newOrder({ id: 'ord_2', customerId: 'cus_1' })];
    await repos.orders.insertMany(orders);
    await repos.orders.insertMany([
      newOrder({ id: 'ord_1', customerId: 'cus_1', status: 'DELIVERED' }),
      ...orders,
      newOrder({ id: 'ord_3', customerId: 'cus_1' }),
    ]);
    expect(await count('orders')).toBe(3);
    expect(await count('order_items')).toBe(3);
    expect(await count('order_status_history')).toBe(6);
    const [first] = await repos.orders.findByIds(['ord_1']);
    expect(first?.status).toBe('CONFIRMED');
  });

  it('when one call repeats an id, then the first record is kept and its items are written once', async () => {
    await repos.orders.insertMany([
      newOrder({ id: 'ord_1', customerId: 'cus_1', totalCents: 100 }),
      newOrder({ id: 'ord_1', customerId: 'cus_1', totalCents: 999 }),
    ]);
    expect((await repos.orders.findByIds(['ord_1']))[0]?.totalCents).toBe(100);
    expect(await count('order_items')).toBe(1);
  });

  it('when an order round-trips, then every field reads back as written, items numbered from 1', async () => {
    const order = newOrder({
      id: 'ord_1',
      customerId: 'cus_1',
      storeId: null,
      items: [
        { productId: 'prd_9', quantity: 1, unitPriceCents: 0, currency: 'EUR' },
        { productId: 'prd_1', quantity: 4, unitPriceCents: 125, currency: 'EUR' },
      ],
    });
    await repos.orders.insertMany([order]);
    const { items, history, ...stored } = order;
    expect(await repos.orders.findByIds(['ord_1'])).toEqual([stored]);
    expect(await repos.orderItems.findByOrderIds(['ord_1'])).toEqual(items.map((item, i) => ({ ...item, orderId: 'ord_1', line: i + 1 })));
    expect(await repos.orderHistory.findByOrderIds(['ord_1'])).toEqual(history.map((change) => ({ ...change, orderId: 'ord_1' })));
  });

  it('when one order in a batch breaks a constraint, then nothing of the batch is written', async () => {
    await expect(
      repos.orders.insertMany([
        newOrder({ id: 'ord_ok', customerId: 'cus_1' }),
        newOrder({ id: 'ord_bad', customerId: 'cus_1', items: [{ productId: 'prd_1', quantity: 0, unitPriceCents: 100, currency: 'EUR' }] }),
      ]),
    ).rejects.toThrow(/order_items_quantity_positive/);
    expect(await count('orders')).toBe(0);
  });

  it.each([
    ['an unknown status', { status: 'LOST' as NewOrderRecord['status'] }, /orders_status_known/],
    ['a negative total', { totalCents: -1 }, /orders_total_not_negative/],
    ['a lowercase currency', { currency: 'eur' }, /orders_currency_iso/],
    ['an unknown customer', { customerId: 'cus_nobody' }, /foreign key/],
  ])('when an order has %s, then the database refuses it', async (_what, overrides, error) => {
    await expect(repos.orders.insertMany([newOrder({ id: 'ord_1', customerId: 'cus_1', ...overrides })])).rejects.toThrow(error);
  });

  it('when a history entry does not change the status, then the database refuses it', async () => {
    const at = new Date('2026-11-01T10:00:00.000Z');
    await expect(
      repos.orders.insertMany([newOrder({ id: 'ord_1', customerId: 'cus_1', history: [{ from: 'PENDING', to: 'PENDING', actor: 'x', reason: null, at }] })]),
    ).rejects.toThrow(/order_status_history_changes/);
  });

  it('when a seed-sized batch of 5,000 orders with 3 items each is inserted, then one call writes them all', async () => {
    const orders = Array.from({ length: 5000 }, (_, i) =>
      newOrder({
        id: `ord_bulk_${i}`,
        customerId: 'cus_1',
        items: [1, 2, 3].map((p) => ({ productId: `prd_${p}`, quantity: p, unitPriceCents: 100, currency: 'EUR' })),
      }),
    );
    await repos.orders.insertMany(orders);
    expect(await count('orders')).toBe(5000);
    expect(await count('order_items')).toBe(15000);
    expect(await count('order_status_history')).toBe(10000);
  });
});

describe('customer repository', () => {
  it('when a customer is upserted again, then name and email follow the latest call', async () => {
    await repos.customers.upsertMany([{ id: 'cus_2', name: 'Bo', email: 'bo@example.com' }]);
    await repos.customers.upsertMany([{ id: 'cus_2', name: 'Bob', email: 'bob@example.com' }]);
    expect(await repos.customers.findByIds(['cus_2', 'cus_missing'])).toEqual([{ id: 'cus_2', name: 'Bob', email: 'bob@example.com' }]);
  });

  it('when another customer takes the same email in another case, then the database refuses it', async () => {
    await expect(repos.customers.upsertMany([{ id: 'cus_3', name: 'Ann Again', email: 'ANN@example.com' }])).rejects.toThrow(
      /customers_email_unique/,
    );
  });
});

describe('migrations', () => {
  it('when every migration is rolled back, then its tables are gone', async () => {
    const scratch = await createTestDb('orders_down', migrations);
    try {
      await rollbackAll(scratch.db, scratch.schema, migrations);
      expect(await scratch.db.schema.hasTable('orders')).toBe(false);
      expect(await scratch.db.schema.hasTable('customers')).toBe(false);
    } finally {
      await scratch.drop();
    }
  });
});
