import type { Identity } from '@qc/shared';
import { createTestDeps, testSettings, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type OpeningHoursRecord, type Repositories } from '../src/data';
import { createApp, SWEEPER_ACTOR, type UseCases } from '../src/app';
import { subgraph } from '../src/server';

let deps: TestDeps;
let repos: Repositories;
let services: UseCases;

const ORDERS: Identity = { sub: 'orders', role: 'service' };
const roundTheClock: OpeningHoursRecord[] = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const HERE = { lat: 48.1374, lng: 11.5755 };

const reserve = async (orderId: string, productId: string, quantity: number) => {
  const outcome = await services.reservations.reserve(ORDERS, { orderId, location: HERE, items: [{ productId, quantity }] });
  if (outcome.kind !== 'reserved') throw new Error(`expected a reservation, got ${outcome.kind}`);
  return outcome;
};

/** Moves the orders' expiry into the past, as if their ten minutes had run out. */
const expire = (...orderIds: string[]) =>
  deps.db('reservations').whereIn('order_id', orderIds).update({ expires_at: deps.db.raw(`now() - interval '1 second'`) });

const statusOf = async (orderId: string) => (await repos.reservations.findByOrderId(orderId))?.status;
const reservedOf = async (productId: string) => (await repos.stock.find('str_m', productId))!.reserved;

beforeAll(async () => {
  // No workers here: the test drives the sweeper itself, so batch sizes and locks are deterministic.
  deps = await createTestDeps('availability_sweeper', migrations);
  repos = createRepositories(deps.db);
  await repos.stores.upsertMany([
    { id: 'str_m', name: 'Marienplatz', ...HERE, address: 'Marienplatz 1', deliveryRadiusMeters: 3000, capacity: 10, timezone: 'Europe/Berlin', openingHours: roundTheClock },
  ]);
  await repos.stock.upsertMany([
    { storeId: 'str_m', productId: 'prd_s', onHand: 100, reserved: 0 },
    { storeId: 'str_m', productId: 'prd_t', onHand: 100, reserved: 0 },
    { storeId: 'str_m', productId: 'prd_lock', onHand: 100, reserved: 0 },
  ]);
  services = createApp(deps, testSettings(subgraph)).useCases;
});

afterAll(async () => {
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.unlink(...keys);
  await deps.close();
});

describe('sweepExpired', () => {
  it('when reservations have expired, then a sweep releases them and leaves confirmed and unexpired ones alone', async () => {
    await reserve('ord_exp', 'prd_s', 4);
    await reserve('ord_conf', 'prd_s', 3);
    await reserve('ord_fresh', 'prd_s', 2);
    await services.reservations.confirm(ORDERS, 'ord_conf');
    await expire('ord_exp', 'ord_conf');

    expect(await services.reservations.sweepExpired()).toBe(1);
    expect(await statusOf('ord_exp')).toBe('RELEASED');
    expect(await statusOf('ord_conf')).toBe('CONFIRMED');
    expect(await statusOf('ord_fresh')).toBe('ACTIVE');
    expect(await reservedOf('prd_s')).toBe(5);
    const reservation = (await repos.reservations.findByOrderId('ord_exp'))!;
    expect(reservation.releasedReason).toBe('expired: the order was not confirmed in time');
    const released = (await repos.history.changesFor('str_m', 'prd_s')).filter((h) => h.kind === 'RELEASE');
    expect(released).toEqual([expect.objectContaining({ reservationId: reservation.id, reservedDelta: -4, actor: SWEEPER_ACTOR })]);
    expect(await services.reservations.sweepExpired()).toBe(0);
  });

  it('when more have expired than one batch holds, then each sweep takes a batch and the history adds up per reservation', async () => {
    const orders = ['ord_b1', 'ord_b2', 'ord_b3', 'ord_b4', 'ord_b5'];
    for (const [i, orderId] of orders.entries()) await reserve(orderId, 'prd_t', i + 1);
    expect(await reservedOf('prd_t')).toBe(15);
    await expire(...orders);

    expect(await services.reservations.sweepExpired(2)).toBe(2);
    expect(await services.reservations.sweepExpired(2)).toBe(2);
    expect(await services.reservations.sweepExpired(2)).toBe(1);
    expect(await services.reservations.sweepExpired(2)).toBe(0);
    expect(await reservedOf('prd_t')).toBe(0);

    // Released in batches of two on one stock row: each history row must read as if applied one by one.
    const rows = (await repos.history.changesFor('str_m', 'prd_t')).filter((h) => h.kind === 'RELEASE');
    expect(rows).toHaveLength(5);
    const chain = [...rows].sort((a, b) => b.reservedAfter - a.reservedAfter);
    expect(chain[0]!.reservedAfter - chain[0]!.reservedDelta).toBe(15);
    chain.slice(1).forEach((row, i) => expect(row.reservedAfter - row.reservedDelta).toBe(chain[i]!.reservedAfter));
    expect(chain.at(-1)!.reservedAfter).toBe(0);
    const events = await deps.db('outbox').whereRaw(`payload->>'productId' = 'prd_t' AND payload->>'kind' = 'RELEASE'`);
    expect(events).toHaveLength(5);
  });

  it('when another transaction holds an expired reservation, then the sweep skips it without waiting and takes it next time', async () => {
    await reserve('ord_locked', 'prd_lock', 2);
    await expire('ord_locked');
    const trx = await deps.db.transaction();
    try {
      await trx('reservations').where('order_id', 'ord_locked').forUpdate();
      const started = Date.now();
      expect(await services.reservations.sweepExpired()).toBe(0);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await trx.commit();
    }
    expect(await services.reservations.sweepExpired()).toBe(1);
    expect(await statusOf('ord_locked')).toBe('RELEASED');
  });

  it('when a confirm races the sweeper for an expired reservation, then exactly one of them wins and the stock agrees', async () => {
    await reserve('ord_race', 'prd_lock', 5);
    await expire('ord_race');
    const [swept, confirmed] = await Promise.all([services.reservations.sweepExpired(), services.reservations.confirm(ORDERS, 'ord_race')]);
    const status = await statusOf('ord_race');
    if (confirmed) {
      expect(status).toBe('CONFIRMED');
      expect(swept).toBe(0);
      expect(await reservedOf('prd_lock')).toBe(5);
    } else {
      expect(status).toBe('RELEASED');
      expect(swept).toBe(1);
      expect(await reservedOf('prd_lock')).toBe(0);
    }
  });
});
