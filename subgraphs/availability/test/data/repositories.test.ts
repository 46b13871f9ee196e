import { createTestDb, until, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories, type Repositories, type StockRecord, type StoreRecord } from '../../src/data';
import { STOCK_SLICE } from '../../src/data/stock';

let testDb: TestDb;
let repos: Repositories;

const store = (id: string, overrides: Partial<StoreRecord> = {}): StoreRecord => ({
  id,
  name: `Store ${id}`,
  lat: 48.1374,
  lng: 11.5755,
  address: 'Marienplatz 1, München',
  deliveryRadiusMeters: 2000,
  capacity: 10,
  timezone: 'Europe/Berlin',
  openingHours: [{ dayOfWeek: 1, opens: '08:00', closes: '22:00' }],
  ...overrides,
});

const pgCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: { code?: string }) => error.code,
  );

/** Thrown to roll a short hold back. */
class Short extends Error {}
let holds = 0;

/**
 * Holds `lines` at `storeId` for a new order, in a transaction of its own, as a placement does
 * (`reservations.hold`, rolled back when short): the stock rows as held, in product order, or null.
 */
function holdAt(storeId: string, lines: readonly { productId: string; quantity: number }[]): Promise<StockRecord[] | null> {
  const n = ++holds;
  return testDb.db
    .transaction(async (trx) => {
      const held = await createRepositories(trx).reservations.hold({
        id: `res_hold${n}`,
        orderId: `ord_hold${n}`,
        storeId,
        distanceMeters: 0,
        ttlSeconds: 600,
        requestedBy: 'test',
        reason: `hold ${n}`,
        lines: lines.map((line, i) => ({ ...line, changeId: `inv_hold${n}_${i}` })),
      });
      if (!held) throw new Short();
      return held.changes.map((c) => ({ storeId: c.storeId, productId: c.productId, onHand: c.onHandAfter, reserved: c.reservedAfter }));
    })
    .catch((error: unknown) => {
      if (error instanceof Short) return null;
      throw error;
    });
}

beforeAll(async () => {
  testDb = await createTestDb('availability_repos', migrations);
  repos = createRepositories(testDb.db);
});

afterAll(async () => {
  await testDb.drop();
});

describe('stores.upsertMany', () => {
  it('when the same stores are upserted again with changes, then the rows are updated, not duplicated', async () => {
    await repos.stores.upsertMany([store('str_a'), store('str_b')]);
    await repos.stores.upsertMany([store('str_a', { name: 'Renamed', capacity: 15, openingHours: [] })]);
    const found = await repos.stores.findByIds(['str_a', 'str_b']);
    expect(found).toHaveLength(2);
    expect(found.find((s) => s.id === 'str_a')).toEqual(store('str_a', { name: 'Renamed', capacity: 15, openingHours: [] }));
  });

  it('when a store has a coordinate out of range, an unknown time zone or malformed hours, then the database refuses it', async () => {
    expect(await pgCode(repos.stores.upsertMany([store('str_bad', { lat: 91 })]))).toBe('23514');
    expect(await pgCode(repos.stores.upsertMany([store('str_bad', { lng: -180.5 })]))).toBe('23514');
    expect(await pgCode(repos.stores.upsertMany([store('str_bad', { deliveryRadiusMeters: 0 })]))).toBe('23514');
    expect(await pgCode(repos.stores.upsertMany([store('str_bad', { timezone: 'Mars/Olympus_Mons' })]))).toBe('22023');
    for (const openingHours of [
      [{ dayOfWeek: 7, opens: '08:00', closes: '20:00' }],
      [{ dayOfWeek: 1, opens: '8:00', closes: '20:00' }],
      [{ dayOfWeek: 1, opens: '08:00', closes: '24:30' }],
    ]) {
      expect(await pgCode(repos.stores.upsertMany([store('str_bad', { openingHours })]))).toBe('23514');
    }
    expect(await repos.stores.findByIds(['str_bad'])).toEqual([]);
  });
});

describe('stock.upsertMany', () => {
  beforeAll(async () => {
    await repos.stores.upsertMany([store('str_s1'), store('str_s2')]);
  });

  it('when 5,000 records are upserted, then it takes one statement and every row lands', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({
      storeId: i % 2 ? 'str_s1' : 'str_s2',
      productId: `prd_bulk_${i}`,
      onHand: i % 50,
      reserved: 0,
    }));
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    testDb.db.on('query', onQuery);
    try {
      await repos.stock.upsertMany(records);
    } finally {
      testDb.db.off('query', onQuery);
    }
    expect(queries).toHaveLength(1);
    const counted = await testDb.db('stock').where('product_id', 'like', 'prd_bulk_%').count<{ count: string }[]>('* as count');
    expect(Number(counted[0]?.count)).toBe(5000);
  });

  it('when stock is upserted again, then on hand and reserved are replaced; a key repeated in one call keeps the last', async () => {
    await repos.stock.upsertMany([{ storeId: 'str_s1', productId: 'prd_x', onHand: 5, reserved: 1 }]);
    await repos.stock.upsertMany([
      { storeId: 'str_s1', productId: 'prd_x', onHand: 9, reserved: 2 },
      { storeId: 'str_s1', productId: 'prd_x', onHand: 8, reserved: 4 },
    ]);
    expect(await repos.stock.findByProductIds(['prd_x'])).toEqual([{ storeId: 'str_s1', productId: 'prd_x', onHand: 8, reserved: 4 }]);
  });

  it('when stock would reserve more than is on hand or go negative, then the database refuses it (no oversell)', async () => {
    const row = { storeId: 'str_s2', productId: 'prd_y' };
    expect(await pgCode(repos.stock.upsertMany([{ ...row, onHand: 2, reserved: 3 }]))).toBe('23514');
    expect(await pgCode(repos.stock.upsertMany([{ ...row, onHand: -1, reserved: 0 }]))).toBe('23514');
    await repos.stock.upsertMany([{ ...row, onHand: 2, reserved: 2 }]);
    expect(await pgCode(testDb.db('stock').where({ store_id: 'str_s2', product_id: 'prd_y' }).increment('reserved', 1))).toBe('23514');
  });

  it('when stock names a store that does not exist, then the database refuses it', async () => {
    expect(await pgCode(repos.stock.upsertMany([{ storeId: 'str_ghost', productId: 'prd_z', onHand: 1, reserved: 0 }]))).toBe('23503');
  });

  it('when several products are looked up, then each row comes back with its store, ordered by product then store', async () => {
    await repos.stock.upsertMany([
      { storeId: 'str_s2', productId: 'prd_m', onHand: 1, reserved: 0 },
      { storeId: 'str_s1', productId: 'prd_m', onHand: 2, reserved: 1 },
      { storeId: 'str_s1', productId: 'prd_l', onHand: 3, reserved: 0 },
    ]);
    expect(await repos.stock.findByProductIds(['prd_m', 'prd_l', 'prd_none'])).toEqual([
      { storeId: 'str_s1', productId: 'prd_l', onHand: 3, reserved: 0 },
      { storeId: 'str_s1', productId: 'prd_m', onHand: 2, reserved: 1 },
      { storeId: 'str_s2', productId: 'prd_m', onHand: 1, reserved: 0 },
    ]);
  });
});

describe('stock.adjustOnHand', () => {
  beforeAll(async () => {
    await repos.stores.upsertMany([store('str_adj')]);
    await repos.stock.upsertMany([{ storeId: 'str_adj', productId: 'prd_adj', onHand: 10, reserved: 4 }]);
  });

  it('when the change keeps on hand at or above reserved, then it is applied and the new numbers come back', async () => {
    expect(await repos.stock.adjustOnHand('str_adj', 'prd_adj', -6)).toEqual({ storeId: 'str_adj', productId: 'prd_adj', onHand: 4, reserved: 4 });
    expect(await repos.stock.adjustOnHand('str_adj', 'prd_adj', 6)).toEqual({ storeId: 'str_adj', productId: 'prd_adj', onHand: 10, reserved: 4 });
  });

  it('when the change would leave fewer on hand than reserved, then nothing changes and null comes back', async () => {
    expect(await repos.stock.adjustOnHand('str_adj', 'prd_adj', -7)).toBeNull();
    expect(await repos.stock.find('str_adj', 'prd_adj')).toEqual({ storeId: 'str_adj', productId: 'prd_adj', onHand: 10, reserved: 4 });
  });

  it('when the count would pass the largest integer, then nothing changes instead of an overflow error', async () => {
    expect(await repos.stock.adjustOnHand('str_adj', 'prd_adj', 2147483647)).toBeNull();
  });

  it('when the line does not exist, then null comes back', async () => {
    expect(await repos.stock.adjustOnHand('str_adj', 'prd_nope', 5)).toBeNull();
    expect(await repos.stock.find('str_adj', 'prd_nope')).toBeNull();
  });
});

describe('reservations.hold and stock.unreserveMany', () => {
  beforeAll(async () => {
    await repos.stores.upsertMany([store('str_all')]);
    await repos.stock.upsertMany([
      { storeId: 'str_all', productId: 'prd_r1', onHand: 5, reserved: 1 },
      { storeId: 'str_all', productId: 'prd_r2', onHand: 3, reserved: 0 },
      { storeId: 'str_all', productId: 'prd_r3', onHand: 2, reserved: 2 },
    ]);
  });

  it('when every line is free, then all are held in one go and come back in product order', async () => {
    const held = await holdAt('str_all', [
      { productId: 'prd_r2', quantity: 3 },
      { productId: 'prd_r1', quantity: 2 },
    ]);
    expect(held).toEqual([
      { storeId: 'str_all', productId: 'prd_r1', onHand: 5, reserved: 3 },
      { storeId: 'str_all', productId: 'prd_r2', onHand: 3, reserved: 3 },
    ]);
  });

  it('when one line is short or not carried, then null comes back and no line is held', async () => {
    const before = await repos.stock.findByProductIds(['prd_r1', 'prd_r2', 'prd_r3']);
    expect(await holdAt('str_all', [{ productId: 'prd_r1', quantity: 1 }, { productId: 'prd_r3', quantity: 1 }])).toBeNull();
    expect(await holdAt('str_all', [{ productId: 'prd_r1', quantity: 1 }, { productId: 'prd_none', quantity: 1 }])).toBeNull();
    expect(await repos.stock.findByProductIds(['prd_r1', 'prd_r2', 'prd_r3'])).toEqual(before);
  });

  it('when 30 reservations race for the last units of two lines, then exactly the free units are held and none deadlocks', async () => {
    await repos.stock.upsertMany([
      { storeId: 'str_all', productId: 'prd_race_a', onHand: 10, reserved: 0 },
      { storeId: 'str_all', productId: 'prd_race_b', onHand: 10, reserved: 0 },
    ]);
    // Half name the lines in one order, half in the other: the locks are still taken in product order.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        holdAt(
          'str_all',
          i % 2 ? [{ productId: 'prd_race_b', quantity: 1 }, { productId: 'prd_race_a', quantity: 1 }] : [{ productId: 'prd_race_a', quantity: 1 }, { productId: 'prd_race_b', quantity: 1 }],
        ),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(10);
    expect(await repos.stock.findByProductIds(['prd_race_a', 'prd_race_b'])).toEqual([
      { storeId: 'str_all', productId: 'prd_race_a', onHand: 10, reserved: 10 },
      { storeId: 'str_all', productId: 'prd_race_b', onHand: 10, reserved: 10 },
    ]);
  });

  it('when lines are given back, packed or not, then each row drops by its total and a missing line fails the whole call', async () => {
    const rows = await repos.stock.unreserveMany([
      { storeId: 'str_all', productId: 'prd_r2', reserved: 2, packed: 1 },
      { storeId: 'str_all', productId: 'prd_r1', reserved: 1 },
      { storeId: 'str_all', productId: 'prd_r1', reserved: 1 },
    ]);
    expect(rows).toEqual([
      { storeId: 'str_all', productId: 'prd_r1', onHand: 5, reserved: 1 },
      { storeId: 'str_all', productId: 'prd_r2', onHand: 2, reserved: 1 },
    ]);
    await expect(
      testDb.db.transaction((trx) =>
        createRepositories(trx).stock.unreserveMany([
          { storeId: 'str_all', productId: 'prd_r1', reserved: 1 },
          { storeId: 'str_all', productId: 'prd_none', reserved: 1 },
        ]),
      ),
    ).rejects.toThrow('stock line str_all/prd_none held by a reservation does not exist');
    expect(await repos.stock.find('str_all', 'prd_r1')).toEqual({ storeId: 'str_all', productId: 'prd_r1', onHand: 5, reserved: 1 });
  });
});

/**
 * A reservation that waits for a row another transaction holds (a release, a restock, another
 * reservation) must judge the row as that transaction left it: its statement's snapshot was taken
 * before the wait, but under READ COMMITTED the lock step reads the row again once it is granted, and
 * the hold must go by that reading, both ways: units freed meanwhile can be held, units taken meanwhile
 * cannot. The holder keeps its row lock until the reservation is seen waiting on it (pg_blocking_pids),
 * then commits, so the reservation's snapshot is always the one from before the change.
 */
describe('reservations.hold while another transaction changes a line it waits for', () => {
  beforeEach(async () => {
    await repos.stores.upsertMany([store('str_wait')]);
    await repos.stock.upsertMany([
      { storeId: 'str_wait', productId: 'prd_w1', onHand: 1, reserved: 1 },
      { storeId: 'str_wait', productId: 'prd_w2', onHand: 3, reserved: 0 },
    ]);
  });

  /** Runs `change` on prd_w1 in a transaction, starts `reserve` while it holds the row, commits once `reserve` waits for it. */
  async function whileHeld<T>(change: string, reserve: () => Promise<T>): Promise<T> {
    const holder = await testDb.db.transaction();
    try {
      const pid = ((await holder.raw('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
      await holder.raw(`UPDATE stock SET ${change} WHERE store_id = 'str_wait' AND product_id = 'prd_w1'`);
      const reserving = reserve();
      reserving.catch(() => undefined);
      await until(
        async () => ((await testDb.db.raw('SELECT count(*)::int AS n FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))', [pid])).rows[0] as { n: number }).n > 0,
        'the reservation to wait for the row lock',
      );
      await holder.commit();
      return await reserving;
    } finally {
      if (!holder.isCompleted()) await holder.rollback();
    }
  }

  const reserveAt = (lines: { productId: string; quantity: number }[]) => () => holdAt('str_wait', lines);

  it('when the last unit of a line is released while the reservation waits for it, then the reservation holds it', async () => {
    const held = await whileHeld('reserved = reserved - 1', reserveAt([{ productId: 'prd_w1', quantity: 1 }]));
    expect(held).toEqual([{ storeId: 'str_wait', productId: 'prd_w1', onHand: 1, reserved: 1 }]);
    expect(await repos.stock.find('str_wait', 'prd_w1')).toEqual({ storeId: 'str_wait', productId: 'prd_w1', onHand: 1, reserved: 1 });
  });

  it('when one of two lines is freed by a restock while the reservation waits for it, then both lines are held', async () => {
    const held = await whileHeld(
      'on_hand = on_hand + 2',
      reserveAt([
        { productId: 'prd_w2', quantity: 1 },
        { productId: 'prd_w1', quantity: 2 },
      ]),
    );
    expect(held).toEqual([
      { storeId: 'str_wait', productId: 'prd_w1', onHand: 3, reserved: 3 },
      { storeId: 'str_wait', productId: 'prd_w2', onHand: 3, reserved: 1 },
    ]);
  });

  it('when the units a reservation saw free are taken while it waits, then null comes back and nothing is held', async () => {
    await repos.stock.upsertMany([{ storeId: 'str_wait', productId: 'prd_w1', onHand: 2, reserved: 1 }]);
    const held = await whileHeld(
      'reserved = reserved + 1',
      reserveAt([
        { productId: 'prd_w1', quantity: 1 },
        { productId: 'prd_w2', quantity: 1 },
      ]),
    );
    expect(held).toBeNull();
    expect(await repos.stock.findByProductIds(['prd_w1', 'prd_w2'])).toEqual([
      { storeId: 'str_wait', productId: 'prd_w1', onHand: 2, reserved: 2 },
      { storeId: 'str_wait', productId: 'prd_w2', onHand: 3, reserved: 0 },
    ]);
  });
});

describe('stock.freeUnits', () => {
  it('when pairs are asked for, then each carried pair comes with on hand − reserved and the rest are absent', async () => {
    await repos.stock.upsertMany([
      { storeId: 'str_adj', productId: 'prd_f1', onHand: 5, reserved: 2 },
      { storeId: 'str_s1', productId: 'prd_f1', onHand: 1, reserved: 1 },
    ]);
    const rows = await repos.stock.freeUnits(['str_adj', 'str_s1'], ['prd_f1', 'prd_unknown']);
    expect(rows.sort((a, b) => a.storeId.localeCompare(b.storeId))).toEqual([
      { storeId: 'str_adj', productId: 'prd_f1', free: 3 },
      { storeId: 'str_s1', productId: 'prd_f1', free: 0 },
    ]);
  });
});

describe('stock.freeUnitsOfStoreSlices', () => {
  it("when a store's whole stock is read for the cache, then it comes in slices of at most STOCK_SLICE products that together hold every line", async () => {
    await repos.stores.upsertMany([store('str_slices')]);
    const lines = Array.from({ length: STOCK_SLICE + 3 }, (_, i) => ({ storeId: 'str_slices', productId: `prd_sl${String(i).padStart(4, '0')}`, onHand: i % 9, reserved: i % 9 > 2 ? 2 : 0 }));
    await repos.stock.upsertMany(lines);
    const slices = (await repos.stock.freeUnitsOfStoreSlices('str_slices')).map((slice) => JSON.parse(slice) as Record<string, number>);
    expect(slices.length).toBe(2);
    for (const slice of slices) expect(Object.keys(slice).length).toBeLessThanOrEqual(STOCK_SLICE);
    const all = Object.assign({}, ...slices) as Record<string, number>;
    expect(Object.keys(all).length).toBe(slices.reduce((n, slice) => n + Object.keys(slice).length, 0));
    for (const line of lines) expect(all[line.productId]).toBe(line.onHand - line.reserved);
    expect(await repos.stock.freeUnitsOfStoreSlices('str_carries_nothing')).toEqual([]);
  });
});

describe('history', () => {
  it('when adjustments are recorded, then they list newest first; a zero delta or a missing stock line is refused', async () => {
    const base = { storeId: 'str_adj', productId: 'prd_adj', reason: 'count', onHandAfter: 10, reservedAfter: 4, actor: 'u1' };
    await repos.history.insert({ ...base, id: 'adj_1', delta: 2 });
    await testDb.db.raw(`SELECT pg_sleep(0.01)`);
    await repos.history.insert({ ...base, id: 'adj_2', delta: -1 });
    expect((await repos.history.listFor('str_adj', 'prd_adj')).map((h) => [h.id, h.delta])).toEqual([
      ['adj_2', -1],
      ['adj_1', 2],
    ]);
    expect(await pgCode(repos.history.insert({ ...base, id: 'adj_3', delta: 0 }))).toBe('23514');
    expect(await pgCode(repos.history.insert({ ...base, id: 'adj_4', delta: 1, productId: 'prd_nope' }))).toBe('23503');
  });
});
