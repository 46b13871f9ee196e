import { randomUUID } from 'node:crypto';
import { SUBJECTS, type EventEnvelope, type Identity, type Subject, offsetMeters } from '@qc/shared';
import { createTestDeps, startTestSubgraph, until, waitForAcks, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type OpeningHoursRecord, type Repositories, type StoreRecord } from '../src/data';
import { FULFILLMENT_PACKED_CONSUMER } from '../src/events/fulfillment-packed';
import { FULFILLMENT_STORE_LOAD_CONSUMER } from '../src/events/fulfillment-store-load';
import { ORDERS_CONFIRMED_CONSUMER } from '../src/events/orders-confirmed';
import { ORDERS_STATUS_CHANGED_CONSUMER, RELEASING_STATUSES } from '../src/events/orders-status-changed';

/** The durable of the CANCELLED transitions (one per releasing status, see `startTokenConsumers`). */
const CANCELLED_CONSUMER = `${ORDERS_STATUS_CHANGED_CONSUMER}-CANCELLED`;
import type { UseCases } from '../src/app';
import { subgraph } from '../src/server';

let deps: TestDeps;
let repos: Repositories;
let services: UseCases;
let running: TestSubgraph<typeof subgraph>;

const ORDERS: Identity = { sub: 'orders', role: 'service' };
const roundTheClock: OpeningHoursRecord[] = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
const HERE = { lat: 50.1109, lng: 8.6821 };
const at = (north: number) => offsetMeters(HERE, 0, north);

const store = (id: string, north: number, capacity = 5): StoreRecord => ({
  id,
  name: id,
  ...at(north),
  address: `${id} street`,
  deliveryRadiusMeters: 3000,
  capacity,
  timezone: 'Europe/Berlin',
  openingHours: roundTheClock,
});

/** Publishes an event as its owning subgraph's relay would. Returns its id. */
async function publish(subject: Subject, data: unknown, id: string = randomUUID()): Promise<string> {
  const event: EventEnvelope = { id, subject, occurredAt: new Date().toISOString(), data };
  await deps.events.publish(event);
  return id;
}

/** The same event again, past JetStream's de-duplication, as a redelivery after a lost ack would be. */
const redeliver = async (subject: Subject, data: unknown, id: string) =>
  deps.events.js.publish(deps.events.eventSubject({ subject, data }), JSON.stringify({ id, subject, occurredAt: new Date().toISOString(), data }));

const processed = async (eventId: string, consumer: string) =>
  (await deps.db('processed_events').where({ event_id: eventId, consumer }).first()) !== undefined;

const reserve = async (orderId: string, items: { productId: string; quantity: number }[], ttlSeconds?: number) => {
  const outcome = await services.reservations.reserve(ORDERS, { orderId, location: HERE, items, ttlSeconds });
  if (outcome.kind !== 'reserved') throw new Error(`expected a reservation, got ${JSON.stringify(outcome)}`);
  return outcome;
};

const stockOf = async (storeId: string, productId: string) => {
  const row = await repos.stock.find(storeId, productId);
  return row && { onHand: row.onHand, reserved: row.reserved };
};
const statusOf = async (orderId: string) => (await repos.reservations.findByOrderId(orderId))?.status;
const freeHere = async (productId: string) => (await services.availability.lookup(HERE, [productId], new Date()))[0]!.quantity;

beforeAll(async () => {
  deps = await createTestDeps('availability_res_events', migrations);
  repos = createRepositories(deps.db);
  await repos.stores.upsertMany([store('str_1', 100), store('str_2', 700), store('str_far', 2500)]);
  await repos.stock.upsertMany(
    ['prd_exp', 'prd_conf', 'prd_cancel', 'prd_pack_a', 'prd_pack_b', 'prd_empty', 'prd_load'].flatMap((productId) => [
      { storeId: 'str_1', productId, onHand: 10, reserved: 0 },
      { storeId: 'str_2', productId, onHand: 10, reserved: 0 },
    ]),
  );
  running = await startTestSubgraph(subgraph, deps, { settings: { sweepMs: 100 }, workers: true });
  services = running.app.useCases;
});

afterAll(async () => {
  await running.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.unlink(...keys);
  await deps.close();
});

describe('the expiry sweeper in the workers', () => {
  it('when an unconfirmed reservation outlives its ttl, then the workers release it; a confirmed one with the same ttl stays', async () => {
    await reserve('ord_expire', [{ productId: 'prd_exp', quantity: 2 }], 1);
    await reserve('ord_keep', [{ productId: 'prd_exp', quantity: 3 }], 1);
    expect(await services.reservations.confirm(ORDERS, 'ord_keep')).toBe(true);
    expect(await stockOf('str_1', 'prd_exp')).toEqual({ onHand: 10, reserved: 5 });

    await until(async () => (await statusOf('ord_expire')) === 'RELEASED');
    expect(await stockOf('str_1', 'prd_exp')).toEqual({ onHand: 10, reserved: 3 });
    expect(await freeHere('prd_exp')).toBe(17);
    // A sweep that runs once ord_keep is past its ttl too leaves it alone.
    await until(async () => (await deps.db.raw("SELECT expires_at < now() AS past FROM reservations WHERE order_id = 'ord_keep'")).rows[0].past, 'ord_keep to pass its ttl');
    expect(await services.reservations.sweepExpired(100)).toBe(0);
    expect(await statusOf('ord_keep')).toBe('CONFIRMED');
  });
});

describe('orders events', () => {
  it('when orders.confirmed arrives, then the reservation stops expiring', async () => {
    await reserve('ord_evt_conf', [{ productId: 'prd_conf', quantity: 1 }], 2);
    await publish(SUBJECTS.ordersConfirmed, { orderId: 'ord_evt_conf', customerId: 'cus_1', storeId: 'str_1', reservationId: 'x', items: [{ productId: 'prd_1', quantity: 1, unitPriceCents: 100, currency: 'EUR' }], totalCents: 100, currency: 'EUR', deliveryLocation: HERE, confirmedAt: new Date().toISOString() });
    await waitForAcks(deps.events, ORDERS_CONFIRMED_CONSUMER);
    expect(await statusOf('ord_evt_conf')).toBe('CONFIRMED');
    await until(async () => (await deps.db.raw("SELECT expires_at < now() AS past FROM reservations WHERE order_id = 'ord_evt_conf'")).rows[0].past, 'the ttl to pass');
    expect(await services.reservations.sweepExpired(100)).toBe(0);
    expect(await statusOf('ord_evt_conf')).toBe('CONFIRMED');
    expect(await stockOf('str_1', 'prd_conf')).toEqual({ onHand: 10, reserved: 1 });
  });

  it('when an order is cancelled, then its stock is released with the reason; other transitions change nothing', async () => {
    const reservation = await reserve('ord_evt_cancel', [{ productId: 'prd_cancel', quantity: 4 }]);
    expect(await freeHere('prd_cancel')).toBe(16);
    const picking = await publish(SUBJECTS.ordersStatusChanged, { orderId: 'ord_evt_cancel', customerId: 'cus_1', storeId: 'str_1', from: 'CONFIRMED', to: 'ASSIGNED_TO_STORE', actor: 'fulfillment', reason: null, at: new Date().toISOString() });
    // A status that releases nothing is not even delivered: each durable filters on one releasing status.
    const jsm = await deps.events.jsm();
    for (const status of RELEASING_STATUSES) {
      await waitForAcks(deps.events, CANCELLED_CONSUMER.replace('CANCELLED', status));
      expect((await jsm.consumers.info(deps.events.stream, CANCELLED_CONSUMER.replace('CANCELLED', status))).delivered.consumer_seq).toBe(0);
    }
    expect(await statusOf('ord_evt_cancel')).toBe('ACTIVE');
    expect(await processed(picking, CANCELLED_CONSUMER)).toBe(false);

    const data = { orderId: 'ord_evt_cancel', customerId: 'cus_1', storeId: 'str_1', from: 'CONFIRMED', to: 'CANCELLED', actor: 'cus_1', reason: 'changed my mind', at: new Date().toISOString() };
    const cancelled = await publish(SUBJECTS.ordersStatusChanged, data);
    await until(async () => (await statusOf('ord_evt_cancel')) === 'RELEASED');
    expect((await repos.reservations.findByOrderId('ord_evt_cancel'))!.releasedReason).toBe('order CANCELLED: changed my mind');
    expect(await stockOf('str_1', 'prd_cancel')).toEqual({ onHand: 10, reserved: 0 });
    const history = (await repos.history.changesFor('str_1', 'prd_cancel')).filter((h) => h.reservationId === reservation.reservationId);
    expect(history.map((h) => [h.kind, h.actor])).toEqual([
      ['RESERVE', 'orders'],
      ['RELEASE', 'cus_1'],
    ]);
    // The cache is dropped once the consumer's transaction commits.
    await until(async () => (await freeHere('prd_cancel')) === 20);

    expect(await processed(cancelled, CANCELLED_CONSUMER)).toBe(true);
    await redeliver(SUBJECTS.ordersStatusChanged, data, cancelled);
    await waitForAcks(deps.events, CANCELLED_CONSUMER);
    expect(await stockOf('str_1', 'prd_cancel')).toEqual({ onHand: 10, reserved: 0 });
    expect((await repos.history.changesFor('str_1', 'prd_cancel')).filter((h) => h.kind === 'RELEASE')).toHaveLength(1);
  });

  it('when payment fails, then the reservation is released', async () => {
    await reserve('ord_evt_pay', [{ productId: 'prd_cancel', quantity: 1 }]);
    await publish(SUBJECTS.ordersStatusChanged, { orderId: 'ord_evt_pay', customerId: 'cus_1', storeId: 'str_1', from: 'PENDING', to: 'PAYMENT_FAILED', actor: 'orders', reason: 'card declined', at: new Date().toISOString() });
    await until(async () => (await statusOf('ord_evt_pay')) === 'RELEASED');
    expect(await stockOf('str_1', 'prd_cancel')).toEqual({ onHand: 10, reserved: 0 });
  });
});

describe('fulfillment.packed', () => {
  it('when the bag is packed with an item missing, then packed units leave on hand, the missing ones are freed, and it is CONSUMED once', async () => {
    const reservation = await reserve('ord_pack', [
      { productId: 'prd_pack_a', quantity: 3 },
      { productId: 'prd_pack_b', quantity: 2 },
    ]);
    await services.reservations.confirm(ORDERS, 'ord_pack');
    const data = { orderId: 'ord_pack', taskId: 'pck_1', storeId: 'str_1', items: [{ productId: 'prd_pack_a', quantity: 3 }, { productId: 'prd_pack_b', quantity: 1 }], packedAt: new Date().toISOString() };
    const id = await publish(SUBJECTS.fulfillmentPacked, data);
    await until(async () => (await statusOf('ord_pack')) === 'CONSUMED');

    expect(await stockOf('str_1', 'prd_pack_a')).toEqual({ onHand: 7, reserved: 0 });
    expect(await stockOf('str_1', 'prd_pack_b')).toEqual({ onHand: 9, reserved: 0 });
    expect(await repos.reservations.itemsOf([reservation.reservationId])).toEqual([
      expect.objectContaining({ productId: 'prd_pack_a', quantity: 3, packedQuantity: 3 }),
      expect.objectContaining({ productId: 'prd_pack_b', quantity: 2, packedQuantity: 1 }),
    ]);
    const consumed = (await repos.history.changesFor('str_1', 'prd_pack_b')).find((h) => h.kind === 'CONSUME')!;
    expect(consumed).toMatchObject({ delta: -1, reservedDelta: -2, onHandAfter: 9, reservedAfter: 0, reason: 'packed 1 of 2 for order ord_pack; the rest released' });
    await until(async () => (await freeHere('prd_pack_b')) === 19);

    await redeliver(SUBJECTS.fulfillmentPacked, data, id);
    await publish(SUBJECTS.fulfillmentPacked, data); // even as a new event, a consumed reservation holds nothing more
    await waitForAcks(deps.events, FULFILLMENT_PACKED_CONSUMER);
    expect(await stockOf('str_1', 'prd_pack_a')).toEqual({ onHand: 7, reserved: 0 });
    expect(await stockOf('str_1', 'prd_pack_b')).toEqual({ onHand: 9, reserved: 0 });
    // Packed stock is gone for good: a late release finds nothing to give back.
    expect(await services.reservations.release(ORDERS, 'ord_pack', 'cancelled after packing')).toBe(false);
    expect(await services.reservations.confirm(ORDERS, 'ord_pack')).toBe(true);
  });

  it('when the bag is reported with no items, then everything held is released and the reservation is CONSUMED', async () => {
    await reserve('ord_empty', [{ productId: 'prd_empty', quantity: 2 }]);
    await publish(SUBJECTS.fulfillmentPacked, { orderId: 'ord_empty', taskId: 'pck_2', storeId: 'str_1', items: [], packedAt: new Date().toISOString() });
    await until(async () => (await statusOf('ord_empty')) === 'CONSUMED');
    expect(await stockOf('str_1', 'prd_empty')).toEqual({ onHand: 10, reserved: 0 });
  });

  it('when a packed order has no reservation here, then the event is acknowledged and nothing changes', async () => {
    const id = await publish(SUBJECTS.fulfillmentPacked, { orderId: 'ord_seeded', taskId: 'pck_3', storeId: 'str_1', items: [{ productId: 'prd_empty', quantity: 1 }], packedAt: new Date().toISOString() });
    await until(() => processed(id, FULFILLMENT_PACKED_CONSUMER));
    expect(await stockOf('str_1', 'prd_empty')).toEqual({ onHand: 10, reserved: 0 });
  });

  it('when a packed event breaks the contract, then it is dead-lettered with the reason', async () => {
    const id = await publish(SUBJECTS.fulfillmentPacked, { orderId: 'ord_bad', storeId: 'str_1', items: [{ productId: 'prd_empty', quantity: -1 }] });
    await until(async () => (await deps.events.listDeadLetters(FULFILLMENT_PACKED_CONSUMER)).some((l) => l.event?.id === id), 'the dead letter');
    const [letter] = (await deps.events.listDeadLetters(FULFILLMENT_PACKED_CONSUMER)).filter((l) => l.event?.id === id);
    expect(letter!.reason).toBe(
      'payload breaks the fulfillment.packed contract: taskId: Invalid input: expected string, received undefined; items.0.quantity: Too small: expected number to be >=0; packedAt: Invalid input: expected string, received undefined',
    );
    expect(letter!.deliveries).toBe(1);
  });
});

describe('fulfillment.store_load', () => {
  it('when the nearest store reports it is at capacity, then the next store in reach takes new reservations; an older report changes nothing', async () => {
    expect((await reserve('ord_load_1', [{ productId: 'prd_load', quantity: 1 }])).storeId).toBe('str_1');
    const now = Date.now();
    await publish(SUBJECTS.fulfillmentStoreLoad, { storeId: 'str_1', openTasks: 5, at: new Date(now).toISOString() });
    await waitForAcks(deps.events, FULFILLMENT_STORE_LOAD_CONSUMER);
    expect(await repos.storeLoad.openTasks('str_1')).toBe(5);
    expect((await reserve('ord_load_2', [{ productId: 'prd_load', quantity: 1 }])).storeId).toBe('str_2');

    await publish(SUBJECTS.fulfillmentStoreLoad, { storeId: 'str_1', openTasks: 0, at: new Date(now - 60_000).toISOString() });
    await waitForAcks(deps.events, FULFILLMENT_STORE_LOAD_CONSUMER);
    expect(await repos.storeLoad.openTasks('str_1')).toBe(5);

    await publish(SUBJECTS.fulfillmentStoreLoad, { storeId: 'str_1', openTasks: 0, at: new Date(now + 1000).toISOString() });
    await until(async () => (await repos.storeLoad.openTasks('str_1')) === 0);
    expect((await reserve('ord_load_3', [{ productId: 'prd_load', quantity: 1 }])).storeId).toBe('str_1');
  });
});
