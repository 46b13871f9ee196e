import { createDb, createRedis, SUBGRAPHS, type Knex, type Redis } from '@qc/shared';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniqueSchema } from '@qc/shared/testing';
import { generateCity } from './city';
import { isConnectionError, isSeeded, redactUrl, seedCity, seedIfEmpty, ServiceUnavailableError } from './load';
import { rebaseOpenWork } from './rebase';

const OPTIONS = { stores: 4, products: 200, couriers: 15, customers: 8, orders: 30, seed: 11, now: new Date('2026-11-22T17:30:00Z') };

describe('seedCity on real Postgres and Redis', () => {
  // Every subgraph gets its own throwaway schema, so this file never touches the demo database.
  const prefix = uniqueSchema('seed');
  const schema = (name: string) => `${prefix}_${name}`;
  const env = {
    ...process.env,
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_DB_SCHEMA`, schema(name)])),
  };
  let db: Knex;
  let redis: Redis;

  beforeAll(() => {
    db = createDb({ url: TEST_DATABASE_URL, schema: 'public', poolMax: 2 });
    redis = createRedis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    for (const { name } of SUBGRAPHS) await db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema(name)]);
    const keys = await redis.keys(`${prefix}:${schema('tracking')}:*`);
    if (keys.length) await redis.del(...keys);
    await Promise.allSettled([db.destroy(), redis.quit()]);
  });

  const count = async (subgraph: string, table: string) =>
    Number((await db.raw<{ rows: { n: string }[] }>('SELECT count(*) AS n FROM ??.??', [schema(subgraph), table])).rows[0]!.n);

  it('when the database is empty, then isSeeded says no and seedIfEmpty loads every subgraph through its repositories', async () => {
    expect(await isSeeded(env)).toBe(false);
    const lines: string[] = [];
    const summary = await seedIfEmpty(OPTIONS, { env, onProgress: (line) => lines.push(line), batchSize: 50 });
    const city = generateCity(OPTIONS);

    expect(summary).not.toBeNull();
    expect(await count('catalog', 'products')).toBe(city.products.length);
    expect(await count('catalog', 'categories')).toBe(city.categories.length);
    expect(await count('availability', 'stores')).toBe(city.stores.length);
    expect(await count('availability', 'stock')).toBe(city.stockRowCount());
    expect(await count('orders', 'customers')).toBe(city.customers.length);
    expect(await count('orders', 'orders')).toBe(city.orders.length);
    expect(await count('orders', 'order_items')).toBe(city.orders.reduce((n, o) => n + o.items.length, 0));
    expect(await count('orders', 'order_status_history')).toBe(city.orders.reduce((n, o) => n + o.history.length, 0));
    expect(await count('fulfillment', 'pick_tasks')).toBe(city.pickTasks.length);
    expect(await count('delivery', 'couriers')).toBe(city.couriers.length);
    expect(await count('delivery', 'deliveries')).toBe(city.deliveries.length);
    expect(await count('tracking', 'courier_latest_positions')).toBe(city.positions.length);
    expect(await count('fulfillment', 'pick_task_items')).toBe(city.pickLines.reduce((n, t) => n + t.lines.length, 0));
    expect(await count('delivery', 'dispatch_jobs')).toBe(city.dispatchJobs.length);
    expect(await count('delivery', 'offers')).toBe(city.offers.length);
    expect(await count('tracking', 'active_deliveries')).toBe(city.trackedDeliveries.length);
    // Tracking knows the customer of every confirmed order (Order.eta and courierPosition decide on it).
    expect(await count('tracking', 'order_customers')).toBe(city.orders.filter((o) => o.history.some((c) => c.to === 'CONFIRMED')).length);
    // Delivery decides who sees a delivery from its dispatch job's customer: every delivery has its order's.
    const unowned = await db.raw<{ rows: { id: string }[] }>(
      `SELECT d.id FROM ??.deliveries d JOIN ??.orders o ON o.id = d.order_id
       LEFT JOIN ??.dispatch_jobs j ON j.order_id = d.order_id AND j.customer_id = o.customer_id WHERE j.order_id IS NULL`,
      [schema('delivery'), schema('orders'), schema('delivery')],
    );
    expect(unowned.rows).toEqual([]);
    // Every table has planner statistics (reltuples is -1 until a table is first analyzed or vacuumed).
    const unanalyzed = await db.raw<{ rows: { table: string }[] }>(
      `SELECT n.nspname || '.' || c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND c.reltuples < 0 AND n.nspname = ANY(?::text[])`,
      [SUBGRAPHS.map(({ name }) => schema(name))],
    );
    expect(unanalyzed.rows).toEqual([]);
    expect(await redis.exists(`${prefix}:${schema('tracking')}:courier:cou_001:position`)).toBe(1);

    expect(await isSeeded(env)).toBe(true);
    expect(lines[0]).toMatch(/^city generated in .* 4 stores, 200 products/);
    expect(lines.some((l) => l.startsWith(`availability.stock: ${city.stockRowCount().toLocaleString('en-US')} rows in `))).toBe(true);
    expect(lines.find((l) => l.startsWith('seeded '))).toMatch(/^seeded [\d,]+ rows in \d+\.\d s:$/);
    expect(summary!.steps.map((s) => `${s.subgraph}.${s.what}`)).toEqual([
      'availability.stores',
      'availability.stock',
      'orders.customers',
      'orders.orders',
      'fulfillment.pick tasks',
      'fulfillment.pick task lines',
      'delivery.couriers',
      'delivery.deliveries',
      'delivery.dispatch jobs',
      'delivery.offers',
      'tracking.positions',
      'tracking.preparation',
      'tracking.order customers',
      'tracking.live deliveries',
      'catalog.categories',
      'catalog.products',
    ]);
  });

  it('when seeded again, then nothing is duplicated; seedIfEmpty skips', async () => {
    await seedCity(OPTIONS, { env });
    const city = generateCity(OPTIONS);
    expect(await count('orders', 'orders')).toBe(city.orders.length);
    expect(await count('orders', 'order_items')).toBe(city.orders.reduce((n, o) => n + o.items.length, 0));
    expect(await count('availability', 'stock')).toBe(city.stockRowCount());
    expect(await count('delivery', 'deliveries')).toBe(city.deliveries.length);
    expect(await count('fulfillment', 'pick_task_items')).toBe(city.pickLines.reduce((n, t) => n + t.lines.length, 0));
    expect(await count('delivery', 'offers')).toBe(city.offers.length);
    const lines: string[] = [];
    expect(await seedIfEmpty(OPTIONS, { env, onProgress: (l) => lines.push(l) })).toBeNull();
    expect(lines).toEqual([expect.stringContaining('not seeding')]);
  });

  it('when the city was seeded days ago, then rebaseOpenWork moves open orders and their records in every subgraph to now, and leaves finished ones alone', async () => {
    const city = generateCity(OPTIONS);
    const open = city.orders.filter((o) => !['DELIVERED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED', 'REFUNDED'].includes(o.status));
    const done = city.orders.find((o) => o.status === 'DELIVERED')!;
    const tracked = city.trackedDeliveries[0]!;
    const task = city.pickTasks.find((t) => open.some((o) => o.id === t.orderId))!;
    const newest = Math.max(...open.map((o) => o.updatedAt.getTime()));
    const now = new Date();
    const at = async (subgraph: string, table: string, column: string, key: string, id: string) =>
      (await db.raw<{ rows: Record<string, Date>[] }>('SELECT ?? FROM ??.?? WHERE ?? = ?', [column, schema(subgraph), table, key, id])).rows[0]![column]!.getTime();

    const result = await rebaseOpenWork(env, now);

    expect(result.orders).toBe(open.length);
    expect(result.shiftedMs).toBe(now.getTime() - newest);
    expect(Math.max(...(await Promise.all(open.map((o) => at('orders', 'orders', 'updated_at', 'id', o.id)))))).toBe(now.getTime());
    expect(await at('fulfillment', 'pick_tasks', 'promised_ready_at', 'id', task.id)).toBe(task.promisedReadyAt.getTime() + result.shiftedMs);
    expect(await at('tracking', 'active_deliveries', 'assigned_at', 'delivery_id', tracked.assigned.deliveryId)).toBe(tracked.assigned.at.getTime() + result.shiftedMs);
    expect(await at('orders', 'orders', 'placed_at', 'id', done.id)).toBe(done.placedAt.getTime());
    expect((await rebaseOpenWork(env, now)).shiftedMs).toBe(0);
  });

  it('when Redis does not answer, then it fails before writing, naming Redis and its URL', async () => {
    await expect(seedCity(OPTIONS, { env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' } })).rejects.toThrow(/^Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('when Postgres does not answer, then the error is one line naming Postgres and the URL without its password', async () => {
    // knex logs the failed attempt itself; the CLI filters that line, here it is just muted.
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = await seedCity(OPTIONS, { env: { ...env, DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/nowhere' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as Error).message).toMatch(/^Cannot reach Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nowhere: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).not.toContain('\n');
    log.mockRestore();
  });
});

describe('connection helpers', () => {
  it('when a URL has a password, then redactUrl hides only the password', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/qc')).toBe('postgres://app:***@db:5432/qc');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/quickcommerce')).toBe('postgres://postgres@127.0.0.1:5432/quickcommerce');
  });

  it('when errors are classified, then refused, unknown host and missing role count as connection errors, SQL errors do not', () => {
    expect(isConnectionError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isConnectionError({ code: 'ENOTFOUND' })).toBe(true);
    expect(isConnectionError({ code: '28000', message: 'role "x" does not exist' })).toBe(true);
    expect(isConnectionError(Object.assign(new AggregateError([{ code: 'ECONNREFUSED' }]), {}))).toBe(true);
    expect(isConnectionError({ code: '23505', message: 'duplicate key value' })).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});
