import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { reservations as reservationsMigration } from '../../migrations/20261124000000_reservations';
import { createRepositories, isDuplicateOrder, type Repositories } from '../../src/data';

let testDb: TestDb;
let repos: Repositories;

const pgCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: { code?: string }) => error.code,
  );

/** A reservation of one unit of prd_r at str_r, with its history row. */
const newHold = (orderId: string) => ({
  id: `res_${orderId}`,
  orderId,
  storeId: 'str_r',
  distanceMeters: 120,
  ttlSeconds: 600,
  requestedBy: 'orders',
  reason: `reserved for order ${orderId}`,
  lines: [{ productId: 'prd_r', quantity: 1, changeId: `inv_${orderId}` }],
});

beforeAll(async () => {
  testDb = await createTestDb('availability_reservation_repo', migrations);
  repos = createRepositories(testDb.db);
  await repos.stores.upsertMany([
    { id: 'str_r', name: 'r', lat: 1, lng: 1, address: 'a', deliveryRadiusMeters: 1000, capacity: 3, timezone: 'UTC', openingHours: [] },
  ]);
  await repos.stock.upsertMany([{ storeId: 'str_r', productId: 'prd_r', onHand: 5, reserved: 0 }]);
});

afterAll(async () => {
  await testDb.drop();
});

describe('reservations table', () => {
  it('when a reservation is held, then it comes back ACTIVE with its line and its history row, and a second one for the same order is refused as a duplicate', async () => {
    const made = await repos.reservations.hold(newHold('ord_1'));
    expect(made?.reservation).toMatchObject({ id: 'res_ord_1', orderId: 'ord_1', storeId: 'str_r', status: 'ACTIVE', distanceMeters: 120, releasedReason: null });
    expect(made!.reservation.expiresAt.getTime() - Date.now()).toBeGreaterThan(590_000);
    expect(made?.changes).toEqual([
      expect.objectContaining({ id: 'inv_ord_1', storeId: 'str_r', productId: 'prd_r', kind: 'RESERVE', delta: 0, reservedDelta: 1, onHandAfter: 5, reservedAfter: 1, actor: 'orders', reservationId: 'res_ord_1', reason: 'reserved for order ord_1' }),
    ]);
    expect(await repos.reservations.itemsOf(['res_ord_1'])).toEqual([{ reservationId: 'res_ord_1', storeId: 'str_r', productId: 'prd_r', quantity: 1, packedQuantity: null }]);
    const error = await repos.reservations.hold({ ...newHold('ord_1'), id: 'res_other', lines: [{ productId: 'prd_r', quantity: 1, changeId: 'inv_other' }] }).catch((e: unknown) => e);
    expect(isDuplicateOrder(error)).toBe(true);
    expect(await repos.stock.find('str_r', 'prd_r')).toEqual({ storeId: 'str_r', productId: 'prd_r', onHand: 5, reserved: 1 });
  });

  it('when a row breaks the lifecycle rules, then the database refuses it', async () => {
    expect(await pgCode(testDb.db('reservations').where('order_id', 'ord_1').update({ status: 'LOST' }))).toBe('23514');
    // RELEASED needs a time and a reason; CONSUMED needs a time.
    expect(await pgCode(testDb.db('reservations').where('order_id', 'ord_1').update({ status: 'RELEASED' }))).toBe('23514');
    expect(await pgCode(testDb.db('reservations').where('order_id', 'ord_1').update({ status: 'CONSUMED' }))).toBe('23514');
    expect(await pgCode(testDb.db('reservation_items').update({ packed_quantity: 2 }))).toBe('23514');
    expect(await pgCode(testDb.db('reservation_items').insert({ reservation_id: 'res_ord_1', store_id: 'str_r', product_id: 'prd_none', quantity: 1 }))).toBe('23503');
  });

  it('when store load is reported out of order, then the newest report is kept', async () => {
    expect(await repos.storeLoad.record('str_r', 2, new Date('2026-11-20T10:00:00Z'))).toBe(true);
    expect(await repos.storeLoad.record('str_r', 7, new Date('2026-11-20T09:00:00Z'))).toBe(false);
    // Load = open tasks + ACTIVE reservations (ord_1); an unreported store counts 0.
    expect(await repos.storeLoad.loads(['str_r', 'str_unknown'])).toEqual(new Map([['str_r', 3], ['str_unknown', 0]]));
  });

  it('when several reports come in one batch, in any order and some again, then each store keeps its newest one', async () => {
    await repos.stores.upsertMany([{ id: 'str_r2', name: 'r2', lat: 1, lng: 1, address: 'a', deliveryRadiusMeters: 1000, capacity: 3, timezone: 'UTC', openingHours: [] }]);
    await repos.storeLoad.recordMany([
      { storeId: 'str_r2', openTasks: 4, reportedAt: new Date('2026-11-20T10:00:02Z') },
      { storeId: 'str_r', openTasks: 9, reportedAt: new Date('2026-11-20T09:59:00Z') },
      { storeId: 'str_r2', openTasks: 1, reportedAt: new Date('2026-11-20T10:00:01Z') },
      { storeId: 'str_r2', openTasks: 4, reportedAt: new Date('2026-11-20T10:00:02Z') },
    ]);
    // str_r's report is older than the one it keeps (10:00, 2 tasks).
    expect(await repos.storeLoad.openTasks('str_r')).toBe(2);
    expect(await repos.storeLoad.openTasks('str_r2')).toBe(4);
    await repos.storeLoad.recordMany([{ storeId: 'str_r', openTasks: 0, reportedAt: new Date('2026-11-20T10:00:05Z') }]);
    expect(await repos.storeLoad.openTasks('str_r')).toBe(0);
  });

  it('when a batch of orders is confirmed, then only their ACTIVE reservations become CONFIRMED, and again changes nothing', async () => {
    await repos.reservations.hold(newHold('ord_c1'));
    await repos.reservations.hold(newHold('ord_c2'));
    await repos.reservations.markReleased(['res_ord_c2'], 'cancelled');
    expect(await repos.reservations.confirmMany(['ord_c1', 'ord_c2', 'ord_none'])).toBe(1);
    expect((await repos.reservations.findByOrderId('ord_c1'))?.status).toBe('CONFIRMED');
    expect((await repos.reservations.findByOrderId('ord_c2'))?.status).toBe('RELEASED');
    expect(await repos.reservations.confirmMany(['ord_c1'])).toBe(0);
    expect((await repos.reservations.findByOrderId('ord_c1'))?.status).toBe('CONFIRMED');
  });

  it("when a placement's first read asks for an order with a reservation, then it gets the reservation and the free units together", async () => {
    const held = await repos.reservations.hold(newHold('ord_f1'));
    const { existing, free } = await repos.reservations.findWithFreeUnits('ord_f1', ['str_r', 'str_none'], ['prd_r', 'prd_unknown']);
    expect(existing).toEqual(held!.reservation);
    expect(free).toEqual(await repos.stock.freeUnits(['str_r', 'str_none'], ['prd_r', 'prd_unknown']));
    expect(free).toEqual([{ storeId: 'str_r', productId: 'prd_r', free: expect.any(Number) }]);
  });

  it("when a placement's first read asks for an order without one, then it gets null and the free units; with nothing carried, none", async () => {
    const { existing, free } = await repos.reservations.findWithFreeUnits('ord_f_none', ['str_r'], ['prd_r']);
    expect(existing).toBeNull();
    expect(free).toEqual(await repos.stock.freeUnits(['str_r'], ['prd_r']));
    expect(await repos.reservations.findWithFreeUnits('ord_f_none', ['str_r'], ['prd_unknown'])).toEqual({ existing: null, free: [] });
    expect(await repos.reservations.findWithFreeUnits('ord_f1', [], [])).toEqual({ existing: expect.objectContaining({ orderId: 'ord_f1', status: 'ACTIVE' }), free: [] });
  });
});

describe('the reservations migration', () => {
  it('when it is rolled back and applied again, then the tables and the history constraints come and go cleanly', async () => {
    const { db: knex, drop } = await createTestDb('availability_reservation_down', migrations);
    try {
      await reservationsMigration.down(knex);
      expect(await knex.schema.hasTable('reservations')).toBe(false);
      expect(await knex.schema.hasColumn('inventory_history', 'kind')).toBe(false);
      await reservationsMigration.up(knex);
      expect(await knex.schema.hasTable('reservation_items')).toBe(true);
    } finally {
      await drop();
    }
  });
});
