/**
 * Dispatch end to end inside the subgraph: real Postgres, Redis and NATS (JetStream for the events in,
 * core NATS for positions), the workers running with a 1 s offer window, and availability as a real
 * signed HTTP stub answering `_entities` for Store (`test-stubs.ts`). Every test works in its own
 * "area" ~55 km from the others, so their couriers never meet in a search.
 */
import { randomUUID } from 'node:crypto';
import { SUBJECTS, type Identity, type Subject } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, until, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, CourierPositionStore, type CourierRecord, type CourierStatus, type GeoPoint, type VehicleType } from '../src/data';
import { subgraph } from '../src/server';
import { TASK_CREATED_CONSUMER } from '../src/events/fulfillment-task-created';
import { startAvailabilityStub, type AvailabilityStub } from './support/stubs';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let stub: AvailabilityStub;
let positions: CourierPositionStore;

const OFFER_WINDOW_MS = 1000;
const admin: Identity = { sub: 'adm_1', role: 'admin' };
const asCourier = (id: string): Identity => ({ sub: id, role: 'courier' });

beforeAll(async () => {
  deps = await createTestDeps('delivery', migrations);
  stub = await startAvailabilityStub();
  server = await startTestSubgraph(subgraph, deps, {
    workers: true,
    settings: {
      availabilityUrl: stub.url,
      offerWindowMs: OFFER_WINDOW_MS,
      dispatchIntervalMs: 50,
      sweepIntervalMs: 50,
      readinessToleranceSeconds: 30,
      maxRecheckMs: 200,
      search: { baseRadiusMeters: 2000, maxRadiusMeters: 4000, missesBeforeWidening: 2, maxAttempts: 4, noCourierTimeoutMs: 1500 },
    },
  });
  url = server.url;
  positions = new CourierPositionStore(deps.redis, deps.namespace);
});

afterAll(async () => {
  await server.stop();
  await stub.close();
  await deps.close();
});

const gql = <T = any>(identity: Identity | null, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL<T>(url, query, variables, { identity });

const publish = (subject: Subject, data: unknown) =>
  deps.events.publish({ id: randomUUID(), subject, occurredAt: new Date().toISOString(), data });

/** One km north in degrees of latitude (Redis GEO measures on a sphere; close enough for 500 m bands). */
const KM = 1 / 111.2;
let areas = 0;

/** A store of its own, far from every other test's, and points north of it. */
function area() {
  areas += 1;
  const store: GeoPoint = { lat: 40 + areas * 0.5, lng: 10 };
  const storeId = `str_area${areas}`;
  stub.stores.set(storeId, store);
  return { storeId, store, north: (km: number): GeoPoint => ({ lat: store.lat + km * KM, lng: store.lng }) };
}
type Area = ReturnType<typeof area>;

/**
 * Couriers at the given distances north of the store, their positions through tracking's live feed:
 * idle and reporting now unless `status` or `recordedAt` say otherwise.
 */
async function couriersAt(
  a: Area,
  specs: { id: string; km: number; rating?: number; vehicle?: VehicleType }[],
  { status = 'IDLE', recordedAt = new Date() }: { status?: CourierStatus; recordedAt?: Date } = {},
): Promise<void> {
  await createRepositories(deps.db).couriers.upsertMany(
    specs.map((s): CourierRecord => ({ id: s.id, name: s.id, vehicle: s.vehicle ?? 'BICYCLE', rating: s.rating ?? 4.5, status, currentLoad: status === 'BUSY' ? 1 : 0, homeStoreId: a.storeId })),
  );
  for (const s of specs) {
    const at = a.north(s.km);
    deps.events.publishLive(SUBJECTS.trackingPosition, { courierId: s.id, orderId: null, lat: at.lat, lng: at.lng, heading: null, speed: null, recordedAt: recordedAt.toISOString(), eta: null });
  }
  await until(async () => (await Promise.all(specs.map((s) => positions.find(s.id)))).every((p) => p?.recordedAt.getTime() === recordedAt.getTime()), 'positions projected');
}

const confirmedPayload = (orderId: string, a: Area, dropoffKm = 1.5) => ({
  orderId,
  customerId: 'cus_1',
  storeId: a.storeId,
  reservationId: `rsv_${orderId}`,
  items: [{ productId: 'prd_1', quantity: 1, unitPriceCents: 250, currency: 'EUR' }],
  totalCents: 250,
  currency: 'EUR',
  deliveryLocation: a.north(-dropoffKm),
  confirmedAt: new Date().toISOString(),
});

const confirmed = (orderId: string, a: Area, dropoffKm = 1.5) => publish(SUBJECTS.ordersConfirmed, confirmedPayload(orderId, a, dropoffKm));

const taskCreated = (orderId: string, a: Area, promisedReadyAt: Date) =>
  publish(SUBJECTS.fulfillmentTaskCreated, {
    orderId,
    taskId: `pck_${orderId}`,
    storeId: a.storeId,
    items: [{ productId: 'prd_1', quantity: 1 }],
    promisedReadyAt: promisedReadyAt.toISOString(),
    createdAt: new Date().toISOString(),
  });

const packed = (orderId: string, a: Area) =>
  publish(SUBJECTS.fulfillmentPacked, {
    orderId,
    taskId: `pck_${orderId}`,
    storeId: a.storeId,
    items: [{ productId: 'prd_1', quantity: 1 }],
    packedAt: new Date().toISOString(),
  });

const cancelled = (orderId: string, a: Area) =>
  publish(SUBJECTS.ordersStatusChanged, { orderId, customerId: 'cus_1', storeId: a.storeId, from: 'CONFIRMED', to: 'CANCELLED', actor: 'cus_1', reason: 'changed my mind', at: new Date().toISOString() });

const offersOf = (orderId: string): Promise<{ id: string; courier_id: string; attempt: number; status: string; expires_at: Date }[]> =>
  deps.db('offers').where('order_id', orderId).orderBy('attempt').select('id', 'courier_id', 'attempt', 'status', 'expires_at');

/** The pending offer of attempt `attempt` of the order, once the dispatcher made it. */
const offerNumber = (orderId: string, attempt: number) =>
  until(async () => (await offersOf(orderId)).find((o) => o.attempt === attempt && o.status === 'PENDING'), `offer #${attempt} of ${orderId}`);

const jobOf = (orderId: string) => deps.db('dispatch_jobs').where('order_id', orderId).first();
const courierRow = (id: string) => deps.db('couriers').where('id', id).first();
const deliveriesOf = (orderId: string) => deps.db('deliveries').where('order_id', orderId).orderBy('created_at');
const eventsOf = async (subject: Subject, orderId: string): Promise<any[]> =>
  (await deps.db('outbox').where('subject', subject).whereRaw(`payload->>'orderId' = ?`, [orderId]).orderBy('seq')).map((r) => r.payload);

const ACCEPT = 'mutation($id: ID!) { acceptOffer(offerId: $id) { id status courier { id } order { id } assignedAt } }';
const DECLINE = 'mutation($id: ID!) { declineOffer(offerId: $id) { id status attempt } }';
const MY_OFFERS =
  '{ myOffers { id attempt status distanceMeters etaToStoreSeconds expiresAt readyAt order { id } store { id } delivery { id status } pickupLocation { lat lng } dropoffLocation { lat lng } } }';
const PICKUP = 'mutation($orderId: ID!) { confirmPickup(orderId: $orderId) { id status pickedUpAt } }';
const DELIVER = 'mutation($orderId: ID!, $proof: String!) { confirmDelivery(orderId: $orderId, proof: $proof) { id status deliveredAt proofOfDelivery courier { id status currentLoad } } }';
const ESCALATED = '{ escalatedDeliveries { order { id } store { id } reason attempts escalatedAt delivery { id status courier { id } } } }';

const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

describe('offering a packed order', () => {
  it('when an order is packed, then it is offered to the best courier: nearest band, then rating; and the offer is theirs alone to see', async () => {
    const a = area();
    await couriersAt(a, [
      { id: 'cou_p_far', km: 1.2, rating: 5 }, // band 2
      { id: 'cou_p_ok', km: 0.3, rating: 4.1 }, // band 0, lower rating
      { id: 'cou_p_best', km: 0.4, rating: 4.9 }, // band 0, best rating
    ]);
    await confirmed('ord_p1', a);
    await packed('ord_p1', a);
    const offer = await offerNumber('ord_p1', 1);
    expect(offer.courier_id).toBe('cou_p_best');
    expect((await courierRow('cou_p_best')).status).toBe('OFFERED');
    expect((await courierRow('cou_p_ok')).status).toBe('IDLE');

    const mine = await gql(asCourier('cou_p_best'), MY_OFFERS);
    expect(mine.errors).toBeUndefined();
    const [dlv] = await deliveriesOf('ord_p1');
    expect(mine.data.myOffers).toEqual([
      {
        id: offer.id,
        attempt: 1,
        status: 'PENDING',
        distanceMeters: expect.any(Number),
        etaToStoreSeconds: expect.any(Number),
        expiresAt: offer.expires_at.toISOString(),
        readyAt: null,
        order: { id: 'ord_p1' },
        store: { id: a.storeId },
        delivery: { id: dlv.id, status: 'OFFERED' },
        pickupLocation: a.store,
        dropoffLocation: a.north(-1.5),
      },
    ]);
    expect(Math.abs(mine.data.myOffers[0].distanceMeters - 400)).toBeLessThan(10);
    expect((await gql(asCourier('cou_p_ok'), MY_OFFERS)).data).toEqual({ myOffers: [] });

    const [offered] = await eventsOf(SUBJECTS.deliveryOffered, 'ord_p1');
    expect(offered).toEqual({
      orderId: 'ord_p1',
      deliveryId: dlv.id,
      offerId: offer.id,
      courierId: 'cou_p_best',
      storeId: a.storeId,
      attempt: 1,
      expiresAt: offer.expires_at.toISOString(),
      at: expect.any(String),
    });
    // The store's location came from availability once, through the signed stub.
    expect(stub.calls.filter((ids) => ids.includes(a.storeId))).toHaveLength(1);
    await gql(asCourier('cou_p_best'), DECLINE, { id: offer.id });
  });

  it('when a crowd of busy couriers and silent phones is nearer than the only free courier, then the free one still gets the offer and the silent phones are forgotten', async () => {
    const a = area();
    // More of each than one search page (DELIVERY_CANDIDATE_LIMIT, 100): the first pages hold nobody free.
    const crowd = (prefix: string, km: number) => Array.from({ length: 120 }, (_, i) => ({ id: `${prefix}_${i}`, km: km + i * 0.001 }));
    const busy = crowd('cou_c_busy', 0.1);
    const silent = crowd('cou_c_silent', 0.3);
    await couriersAt(a, busy, { status: 'BUSY' });
    await couriersAt(a, silent, { recordedAt: new Date(Date.now() - 10 * 60_000) });
    await couriersAt(a, [{ id: 'cou_c_free', km: 1.8 }]);

    await confirmed('ord_crowd', a);
    await packed('ord_crowd', a);
    const offer = await offerNumber('ord_crowd', 1);
    expect(offer.courier_id).toBe('cou_c_free');
    const job = await jobOf('ord_crowd');
    expect(job.radius_level).toBe(0); // found inside the first radius, not by widening
    expect(await positions.find(silent[0]!.id)).toBeNull();
    expect(await positions.find(busy[0]!.id)).not.toBeNull();
  });

  it('when the offered courier accepts, then the delivery is ASSIGNED, they are BUSY with load 1, and delivery.assigned carries both legs', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_a_1', km: 0.5 }]);
    await confirmed('ord_a1', a, 2);
    await packed('ord_a1', a);
    const offer = await offerNumber('ord_a1', 1);

    const res = await gql(asCourier('cou_a_1'), ACCEPT, { id: offer.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.acceptOffer).toMatchObject({ status: 'ASSIGNED', courier: { id: 'cou_a_1' }, order: { id: 'ord_a1' } });
    expect(await courierRow('cou_a_1')).toMatchObject({ status: 'BUSY', current_load: 1, idle_since: null });
    expect((await jobOf('ord_a1')).status).toBe('ASSIGNED');
    expect((await offersOf('ord_a1')).map((o) => o.status)).toEqual(['ACCEPTED']);
    expect((await gql(asCourier('cou_a_1'), MY_OFFERS)).data).toEqual({ myOffers: [] });

    expect(await eventsOf(SUBJECTS.deliveryAssigned, 'ord_a1')).toEqual([
      {
        orderId: 'ord_a1',
        deliveryId: res.data.acceptOffer.id,
        courierId: 'cou_a_1',
        storeId: a.storeId,
        storeLocation: a.store,
        dropoffLocation: a.north(-2),
        at: res.data.acceptOffer.assignedAt,
      },
    ]);
    // The relay publishes it to JetStream after the commit.
    await until(async () => (await deps.db('outbox').where('subject', SUBJECTS.deliveryAssigned).whereRaw(`payload->>'orderId' = 'ord_a1'`).first())?.published_at, 'relay');

    const entities = await gql(admin, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id delivery { status courier { id } } } } }', {
      r: [{ __typename: 'Order', id: 'ord_a1' }],
    });
    expect(entities.data).toEqual({ _entities: [{ id: 'ord_a1', delivery: { status: 'ASSIGNED', courier: { id: 'cou_a_1' } } }] });
  });

  it('when an order is packed and nobody is near at all, then it is escalated after the no-courier timeout with a failed delivery, never dropped', async () => {
    const a = area();
    await confirmed('ord_n1', a);
    await packed('ord_n1', a);
    const job = await until(async () => {
      const j = await jobOf('ord_n1');
      return j?.status === 'ESCALATED' && j;
    }, 'escalation');
    expect(job).toMatchObject({ escalation_reason: 'NO_COURIER_AVAILABLE', attempts: 0, radius_level: 1 });
    const [dlv] = await deliveriesOf('ord_n1');
    expect(dlv).toMatchObject({ status: 'FAILED', courier_id: null });
    expect(await eventsOf(SUBJECTS.deliveryEscalated, 'ord_n1')).toEqual([
      { orderId: 'ord_n1', deliveryId: dlv.id, attempts: 0, reason: 'NO_COURIER_AVAILABLE', at: expect.any(String) },
    ]);
  });
});

describe('the readiness rule', () => {
  it('when the bag is far from ready, then the order waits; when the courier’s ride ≈ picking time left, then it is offered before packing', async () => {
    const a = area();
    // 1 km by bicycle ≈ 310 s to the store.
    await couriersAt(a, [{ id: 'cou_r_1', km: 1 }]);
    await confirmed('ord_r_late', a);
    await taskCreated('ord_r_late', a, new Date(Date.now() + 20 * 60_000));
    await confirmed('ord_r_soon', a);
    await taskCreated('ord_r_soon', a, new Date(Date.now() + 4 * 60_000));

    const offer = await offerNumber('ord_r_soon', 1);
    expect(offer.courier_id).toBe('cou_r_1');
    expect((await jobOf('ord_r_soon')).packed_at).toBeNull();
    // Dispatcher runs after that leave the far-off order waiting, with its next look scheduled.
    await server.app.useCases.dispatch.dispatchDue();
    await server.app.useCases.dispatch.dispatchDue();
    const late = await jobOf('ord_r_late');
    expect(late).toMatchObject({ status: 'WAITING', attempts: 0 });
    expect(late.next_check_at.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(await offersOf('ord_r_late')).toEqual([]);
    await cancelled('ord_r_late', a);
    await until(async () => (await jobOf('ord_r_late')).status === 'CANCELLED', 'cancellation');
  });
});

describe('orders awaiting a courier', () => {
  it('when nobody is free, then the order sleeps until its deadline instead of being searched again; a free courier reporting near its store wakes it and gets the offer', async () => {
    const a = area();
    const promised = new Date(Date.now() + 4 * 60_000);
    await confirmed('ord_aw', a);
    await taskCreated('ord_aw', a, promised);
    const parked = await until(async () => {
      const j = await jobOf('ord_aw');
      return j?.awaiting_courier && j;
    }, 'the empty search parks the job');
    // Not the 200 ms recheck of a job with candidates: the time the bag wants a courier (tolerance 30 s).
    expect(Math.abs(parked.next_check_at.getTime() - (promised.getTime() - 30_000))).toBeLessThan(1000);
    expect(parked.status).toBe('WAITING');

    const repos = createRepositories(deps.db);
    const near = a.north(1);
    // Only an IDLE courier near the store who was never offered the order wakes it.
    await couriersAt(a, [{ id: 'cou_aw_busy', km: 1 }], { status: 'BUSY' });
    expect(await repos.dispatchJobs.wakeNear([{ courierId: 'cou_aw_busy', ...near }], 4000)).toEqual([]);
    expect(await repos.dispatchJobs.wakeNear([{ courierId: 'cou_aw_nobody', ...near }], 4000)).toEqual([]);
    const far = { lat: a.store.lat + 10 * KM, lng: a.store.lng };
    await createRepositories(deps.db).couriers.upsertMany([{ id: 'cou_aw_far', name: 'far', vehicle: 'BICYCLE', rating: 4.5, status: 'IDLE', currentLoad: 0, homeStoreId: a.storeId }]);
    expect(await repos.dispatchJobs.wakeNear([{ courierId: 'cou_aw_far', ...far }], 4000)).toEqual([]);
    expect(await jobOf('ord_aw')).toMatchObject({ awaiting_courier: true, next_check_at: parked.next_check_at });

    // 1 km by bicycle ≈ 310 s: longer than the 4 minutes of picking left, so the offer goes out at once.
    await couriersAt(a, [{ id: 'cou_aw_free', km: 1 }]);
    const offer = await offerNumber('ord_aw', 1);
    expect(offer.courier_id).toBe('cou_aw_free');
    await cancelled('ord_aw', a);
    await until(async () => (await jobOf('ord_aw')).status === 'CANCELLED', 'cancellation');
  });
});

describe('pickup and delivery', () => {
  it('when the courier goes through pickup and delivery, then each step follows the table, is published, and they end IDLE', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_d_1', km: 0.8 }, { id: 'cou_d_2', km: 1.8 }]);
    await confirmed('ord_d1', a);
    await taskCreated('ord_d1', a, new Date(Date.now() + 60_000));
    const offer = await offerNumber('ord_d1', 1);
    expect(offer.courier_id).toBe('cou_d_1');
    expect((await gql(asCourier('cou_d_1'), ACCEPT, { id: offer.id })).errors).toBeUndefined();

    const early = await gql(asCourier('cou_d_1'), PICKUP, { orderId: 'ord_d1' });
    expect(code(early)).toBe('INVALID_STATE');
    expect(early.errors?.[0]?.message).toBe('The store has not packed the order yet');
    const tooSoon = await gql(asCourier('cou_d_1'), DELIVER, { orderId: 'ord_d1', proof: 'code-1234' });
    expect(code(tooSoon)).toBe('INVALID_STATE');

    await packed('ord_d1', a);
    await until(async () => (await jobOf('ord_d1')).packed_at, 'packed');
    // Another courier's delivery is answered like an order without one: nothing tells them it exists.
    const stranger = await gql(asCourier('cou_d_2'), PICKUP, { orderId: 'ord_d1' });
    expect(code(stranger)).toBe('NOT_FOUND');
    expect(stranger.errors?.[0]?.message.replace('ord_d1', '<id>')).toBe((await gql(asCourier('cou_d_2'), PICKUP, { orderId: 'ord_404' })).errors?.[0]?.message.replace('ord_404', '<id>'));
    const picked = await gql(asCourier('cou_d_1'), PICKUP, { orderId: 'ord_d1' });
    expect(picked.errors).toBeUndefined();
    expect(picked.data.confirmPickup).toMatchObject({ status: 'PICKED_UP' });
    expect(code(await gql(asCourier('cou_d_1'), PICKUP, { orderId: 'ord_d1' }))).toBe('INVALID_STATE');

    const noProof = await gql(asCourier('cou_d_1'), DELIVER, { orderId: 'ord_d1', proof: '   ' });
    expect(code(noProof)).toBe('BAD_USER_INPUT');
    expect(code(await gql(asCourier('cou_d_2'), DELIVER, { orderId: 'ord_d1', proof: 'x' }))).toBe('NOT_FOUND');
    expect((await deliveriesOf('ord_d1'))[0].status).toBe('PICKED_UP');

    const done = await gql(asCourier('cou_d_1'), DELIVER, { orderId: 'ord_d1', proof: ' https://proof.example/d1.jpg ' });
    expect(done.errors).toBeUndefined();
    expect(done.data.confirmDelivery).toMatchObject({
      status: 'DELIVERED',
      proofOfDelivery: 'https://proof.example/d1.jpg',
      courier: { id: 'cou_d_1', status: 'IDLE', currentLoad: 0 },
    });
    expect((await courierRow('cou_d_1')).idle_since).not.toBeNull();
    expect(code(await gql(asCourier('cou_d_1'), DELIVER, { orderId: 'ord_d1', proof: 'again' }))).toBe('INVALID_STATE');

    const dlv = done.data.confirmDelivery.id;
    expect(await eventsOf(SUBJECTS.deliveryPickedUp, 'ord_d1')).toEqual([{ orderId: 'ord_d1', deliveryId: dlv, courierId: 'cou_d_1', at: picked.data.confirmPickup.pickedUpAt }]);
    expect(await eventsOf(SUBJECTS.deliveryDelivered, 'ord_d1')).toEqual([
      { orderId: 'ord_d1', deliveryId: dlv, courierId: 'cou_d_1', proof: 'https://proof.example/d1.jpg', at: done.data.confirmDelivery.deliveredAt },
    ]);
  });

  it('when the order is unknown, then pickup and delivery are NOT_FOUND; when a non-courier tries, then FORBIDDEN', async () => {
    expect(code(await gql(asCourier('cou_d_1'), PICKUP, { orderId: 'ord_404' }))).toBe('NOT_FOUND');
    expect(code(await gql(asCourier('cou_d_1'), DELIVER, { orderId: 'ord_404', proof: 'x' }))).toBe('NOT_FOUND');
    expect(code(await gql(admin, PICKUP, { orderId: 'ord_d1' }))).toBe('FORBIDDEN');
    expect(code(await gql(null, PICKUP, { orderId: 'ord_d1' }))).toBe('UNAUTHENTICATED');
  });
});

describe('misses: decline, timeout, widening, escalation', () => {
  it('when the offered courier declines, then they are IDLE again and the next best courier gets attempt 2 at once', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_x_1', km: 0.2 }, { id: 'cou_x_2', km: 0.9 }]);
    await confirmed('ord_x1', a);
    await packed('ord_x1', a);
    const first = await offerNumber('ord_x1', 1);
    expect(first.courier_id).toBe('cou_x_1');

    const res = await gql(asCourier('cou_x_1'), DECLINE, { id: first.id });
    expect(res.errors).toBeUndefined();
    expect(res.data.declineOffer).toEqual({ id: first.id, status: 'DECLINED', attempt: 1 });
    expect((await courierRow('cou_x_1')).status).toBe('IDLE');
    const second = await offerNumber('ord_x1', 2);
    expect(second.courier_id).toBe('cou_x_2');
    expect(await jobOf('ord_x1')).toMatchObject({ status: 'OFFERED', attempts: 2, misses: 1 });
    expect(code(await gql(asCourier('cou_x_1'), ACCEPT, { id: first.id }))).toBe('INVALID_STATE');
    await gql(asCourier('cou_x_2'), ACCEPT, { id: second.id });
  });

  it('when an offer is ignored, then it expires after the window and the order goes to the next courier; the late accept is refused', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_t_1', km: 0.3 }, { id: 'cou_t_2', km: 1.1 }]);
    await confirmed('ord_t1', a);
    await packed('ord_t1', a);
    const first = await offerNumber('ord_t1', 1);
    expect(first.courier_id).toBe('cou_t_1');
    expect(first.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(OFFER_WINDOW_MS);

    const second = await offerNumber('ord_t1', 2);
    expect(second.courier_id).toBe('cou_t_2');
    expect(Date.now()).toBeGreaterThanOrEqual(first.expires_at.getTime());
    expect((await offersOf('ord_t1'))[0]?.status).toBe('EXPIRED');
    expect((await courierRow('cou_t_1')).status).toBe('IDLE');

    const late = await gql(asCourier('cou_t_1'), ACCEPT, { id: first.id });
    expect(code(late)).toBe('INVALID_STATE');
    expect(late.errors?.[0]?.message).toBe('This offer has expired');
    expect((await deliveriesOf('ord_t1'))[0]).toMatchObject({ status: 'OFFERED', courier_id: null });
    await gql(asCourier('cou_t_2'), DECLINE, { id: second.id });
  });

  it('when N offers are missed, then the radius widens to reach a courier outside the first one', async () => {
    const a = area();
    // Base radius 2 km, widest 4 km, widening after 2 misses.
    await couriersAt(a, [{ id: 'cou_w_1', km: 0.4 }, { id: 'cou_w_2', km: 1.4 }, { id: 'cou_w_far', km: 3 }]);
    await confirmed('ord_w1', a);
    await packed('ord_w1', a);
    for (const [attempt, courier] of [[1, 'cou_w_1'], [2, 'cou_w_2']] as const) {
      const offer = await offerNumber('ord_w1', attempt);
      expect(offer.courier_id).toBe(courier);
      expect((await jobOf('ord_w1')).radius_level).toBe(0);
      await gql(asCourier(courier), DECLINE, { id: offer.id });
    }
    const third = await offerNumber('ord_w1', 3);
    expect(third.courier_id).toBe('cou_w_far');
    expect(await jobOf('ord_w1')).toMatchObject({ misses: 2, radius_level: 1 });
    await gql(asCourier('cou_w_far'), DECLINE, { id: third.id });
  });

  it('when M offers are all missed, then the order is ESCALATED, published, and listed for admins only', async () => {
    const a = area();
    const ids = ['cou_e_1', 'cou_e_2', 'cou_e_3', 'cou_e_4', 'cou_e_5'];
    await couriersAt(a, ids.map((id, i) => ({ id, km: 0.2 + i * 0.3 })));
    await confirmed('ord_e1', a);
    await packed('ord_e1', a);
    // maxAttempts is 4: four misses (declines and one timeout) and nobody is asked a fifth time.
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const offer = await offerNumber('ord_e1', attempt);
      if (attempt !== 3) await gql(asCourier(offer.courier_id), DECLINE, { id: offer.id });
    }
    const job = await until(async () => {
      const j = await jobOf('ord_e1');
      return j.status === 'ESCALATED' && j;
    }, 'escalation');
    expect(job).toMatchObject({ escalation_reason: 'ATTEMPTS_EXHAUSTED', attempts: 4, misses: 4 });
    expect((await offersOf('ord_e1')).map((o) => o.status)).toEqual(['DECLINED', 'DECLINED', 'EXPIRED', 'DECLINED']);
    expect((await courierRow('cou_e_5')).status).toBe('IDLE');
    const [dlv] = await deliveriesOf('ord_e1');
    expect(dlv.status).toBe('FAILED');
    expect(await eventsOf(SUBJECTS.deliveryEscalated, 'ord_e1')).toEqual([
      { orderId: 'ord_e1', deliveryId: dlv.id, attempts: 4, reason: 'ATTEMPTS_EXHAUSTED', at: expect.any(String) },
    ]);

    const listed = await gql(admin, ESCALATED);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.escalatedDeliveries).toContainEqual({
      order: { id: 'ord_e1' },
      store: { id: a.storeId },
      reason: 'ATTEMPTS_EXHAUSTED',
      attempts: 4,
      escalatedAt: job.escalated_at.toISOString(),
      delivery: { id: dlv.id, status: 'FAILED', courier: null },
    });
    expect(code(await gql(asCourier('cou_e_1'), ESCALATED))).toBe('FORBIDDEN');
    expect(code(await gql(null, ESCALATED))).toBe('UNAUTHENTICATED');
    expect(code(await gql(admin, '{ escalatedDeliveries(first: 0) { attempts } }'))).toBe('BAD_USER_INPUT');
  });
});

describe('answering offers that are not yours', () => {
  it('when a courier accepts or declines another courier’s offer, then it is the NOT_FOUND an unknown offer gets, and nothing changes', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_o_1', km: 0.3 }, { id: 'cou_o_2', km: 0.6 }]);
    await confirmed('ord_o1', a);
    await packed('ord_o1', a);
    const offer = await offerNumber('ord_o1', 1);
    expect(offer.courier_id).toBe('cou_o_1');

    for (const mutation of [ACCEPT, DECLINE]) {
      const res = await gql(asCourier('cou_o_2'), mutation, { id: offer.id });
      expect(code(res)).toBe('NOT_FOUND');
      expect(res.errors?.[0]?.message).toBe(`Offer ${offer.id} does not exist`);
    }
    expect(code(await gql(admin, ACCEPT, { id: offer.id }))).toBe('FORBIDDEN');
    expect(code(await gql(asCourier('cou_o_2'), ACCEPT, { id: 'ofr_404' }))).toBe('NOT_FOUND');
    expect((await offersOf('ord_o1')).map((o) => o.status)).toEqual(['PENDING']);
    expect((await courierRow('cou_o_2')).status).toBe('IDLE');
    expect((await deliveriesOf('ord_o1'))[0].status).toBe('OFFERED');
    await gql(asCourier('cou_o_1'), DECLINE, { id: offer.id });
  });
});

describe('cancellation', () => {
  it('when an order with a pending offer is cancelled, then the offer is WITHDRAWN, the courier IDLE, and dispatch stops', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_c_1', km: 0.3 }, { id: 'cou_c_2', km: 0.6 }]);
    await confirmed('ord_c1', a);
    await packed('ord_c1', a);
    const offer = await offerNumber('ord_c1', 1);
    await cancelled('ord_c1', a);
    await until(async () => (await jobOf('ord_c1')).status === 'CANCELLED', 'cancellation');
    expect((await offersOf('ord_c1')).map((o) => o.status)).toEqual(['WITHDRAWN']);
    expect((await courierRow(offer.courier_id)).status).toBe('IDLE');
    expect((await deliveriesOf('ord_c1'))[0].status).toBe('FAILED');
    expect(code(await gql(asCourier(offer.courier_id), ACCEPT, { id: offer.id }))).toBe('INVALID_STATE');
    // A dispatcher run and a sweep after the cancellation offer it to nobody.
    await server.app.useCases.dispatch.dispatchDue();
    await server.app.useCases.dispatch.expireOffers();
    expect(await offersOf('ord_c1')).toHaveLength(1);
  });

  it('when an order is cancelled after a courier accepted, then the delivery fails and the courier is freed', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_c_3', km: 0.3 }]);
    await confirmed('ord_c2', a);
    await packed('ord_c2', a);
    const offer = await offerNumber('ord_c2', 1);
    await gql(asCourier('cou_c_3'), ACCEPT, { id: offer.id });
    await cancelled('ord_c2', a);
    await until(async () => (await deliveriesOf('ord_c2'))[0].status === 'FAILED', 'failed delivery');
    expect(await courierRow('cou_c_3')).toMatchObject({ status: 'IDLE', current_load: 0 });
    expect(code(await gql(asCourier('cou_c_3'), PICKUP, { orderId: 'ord_c2' }))).toBe('INVALID_STATE');
  });

  it('when the cancellation arrives before the order’s other events, then the late events do not reopen it', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_c_4', km: 0.3 }]);
    await cancelled('ord_c3', a);
    await until(async () => (await jobOf('ord_c3'))?.status === 'CANCELLED', 'cancelled job');
    await confirmed('ord_c3', a);
    await packed('ord_c3', a);
    await until(async () => (await jobOf('ord_c3')).packed_at, 'packed recorded');
    await server.app.useCases.dispatch.dispatchDue();
    expect(await offersOf('ord_c3')).toEqual([]);
    expect((await jobOf('ord_c3')).status).toBe('CANCELLED');
  });
});

describe('orders.confirmed applied again (it keeps no processed-events ledger)', () => {
  /** The job, its offers, deliveries and courier, and every event delivery wrote for the order. */
  const stateOf = async (orderId: string, courierId: string) => {
    const { updated_at: _updated, next_check_at: _next, ...job } = await jobOf(orderId);
    const events = await deps.db('outbox').whereRaw(`payload->>'orderId' = ?`, [orderId]).orderBy('seq').select('subject', 'payload');
    return { job, offers: await offersOf(orderId), deliveries: await deliveriesOf(orderId), courier: await courierRow(courierId), events };
  };

  it('when the same orders.confirmed event comes again after the courier accepted, and after the order was cancelled, then nothing changes but the job’s look-again stamp', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_r_1', km: 0.4 }, { id: 'cou_r_2', km: 0.8 }]);
    const event = { id: randomUUID(), subject: SUBJECTS.ordersConfirmed, occurredAt: new Date().toISOString(), data: confirmedPayload('ord_r1', a) };
    // The same event again, as a redelivery after a lost ack would bring it (no message-id de-duplication).
    const redeliver = () => deps.events.js.publish(deps.events.subject(SUBJECTS.ordersConfirmed), JSON.stringify({ ...event, version: 1 }));
    await deps.events.publish(event);
    await packed('ord_r1', a);
    const offer = await offerNumber('ord_r1', 1);
    expect((await gql(asCourier(offer.courier_id), ACCEPT, { id: offer.id })).errors).toBeUndefined();
    const accepted = await stateOf('ord_r1', offer.courier_id);

    // The redelivery is applied (the upsert stamps the job) and changes nothing else, even after a dispatcher run.
    const stamp = (await jobOf('ord_r1')).updated_at.getTime();
    await redeliver();
    await until(async () => (await jobOf('ord_r1')).updated_at.getTime() !== stamp, 'redelivery applied');
    await server.app.useCases.dispatch.dispatchDue();
    expect(await stateOf('ord_r1', offer.courier_id)).toEqual(accepted);

    await cancelled('ord_r1', a);
    await until(async () => (await jobOf('ord_r1')).status === 'CANCELLED', 'cancellation');
    const cancelledState = await stateOf('ord_r1', offer.courier_id);
    const cancelledStamp = (await jobOf('ord_r1')).updated_at.getTime();
    await redeliver();
    await until(async () => (await jobOf('ord_r1')).updated_at.getTime() !== cancelledStamp, 'second redelivery applied');
    await server.app.useCases.dispatch.dispatchDue();
    await server.app.useCases.dispatch.expireOffers();
    expect(await stateOf('ord_r1', offer.courier_id)).toEqual(cancelledState);
    expect(cancelledState.job.status).toBe('CANCELLED');
  });

  it('when one batch carries an order’s confirmation twice beside another order’s, then each job is written once, as one event alone would', async () => {
    const a = area();
    const first = confirmedPayload('ord_r2', a);
    const other = confirmedPayload('ord_r3', a, 2);
    const { dispatchJobs } = createRepositories(deps.db);
    const asOrder = (p: typeof first) => ({ orderId: p.orderId, storeId: p.storeId, dropoff: p.deliveryLocation, confirmedAt: new Date(p.confirmedAt), customerId: p.customerId });
    await dispatchJobs.recordConfirmedMany([asOrder(first), asOrder(other), asOrder(first)]);
    const once = await jobOf('ord_r2');
    await dispatchJobs.recordConfirmedMany([asOrder(first)]);
    const { updated_at: _a, ...again } = await jobOf('ord_r2');
    const { updated_at: _b, ...before } = once;
    expect(again).toEqual(before);
    expect(await jobOf('ord_r3')).toMatchObject({ store_id: a.storeId, dropoff_lat: a.north(-2).lat, status: 'WAITING' });
  });
});

describe('courier positions projection', () => {
  it('when positions arrive out of order, then the newest one is kept; a malformed one is ignored', async () => {
    // Raw, not publishLive: the malformed report below is one the contract's types would not let through.
    const live = (data: unknown) => deps.nats.publish(deps.events.liveSubject(SUBJECTS.trackingPosition), JSON.stringify(data));
    const base = { orderId: null, heading: null, speed: null, eta: null };
    const newer = new Date();
    const older = new Date(newer.getTime() - 10_000);
    live({ ...base, courierId: 'cou_g_1', lat: 52.5, lng: 13.4, recordedAt: newer.toISOString() });
    live({ ...base, courierId: 'cou_g_1', lat: 48.1, lng: 11.5, recordedAt: older.toISOString() });
    live({ ...base, courierId: 'cou_g_1', lat: 'north', lng: 11.5, recordedAt: newer.toISOString() });
    live({ ...base, courierId: 'cou_g_2', lat: 52.6, lng: 13.4, recordedAt: older.toISOString() });
    const second = await until(() => positions.find('cou_g_2'), 'a later message processed');
    expect(second.recordedAt).toEqual(older);
    const kept = await positions.find('cou_g_1');
    expect(kept?.recordedAt).toEqual(newer);
    expect(kept?.lat).toBeCloseTo(52.5, 4);
    expect(kept?.lng).toBeCloseTo(13.4, 4);
  });

  it('when a batch mixes couriers, an older report and a pole, then each newer position is kept and the count says how many', async () => {
    const now = new Date();
    const before = new Date(now.getTime() - 5_000);
    await positions.record({ courierId: 'cou_b_1', lat: 52.5, lng: 13.4, recordedAt: now });
    const kept = await positions.recordMany([
      { courierId: 'cou_b_1', lat: 48.1, lng: 11.5, recordedAt: before },
      { courierId: 'cou_b_2', lat: 52.51, lng: 13.41, recordedAt: before },
      { courierId: 'cou_b_3', lat: 89.9, lng: 13.4, recordedAt: now },
      { courierId: 'cou_b_4', lat: 52.52, lng: 13.42, recordedAt: now },
    ]);
    expect(kept).toBe(2);
    expect((await positions.find('cou_b_1'))?.lat).toBeCloseTo(52.5, 4);
    expect((await positions.find('cou_b_2'))?.recordedAt).toEqual(before);
    expect(await positions.find('cou_b_3')).toBeNull();
    expect((await positions.find('cou_b_4'))?.lng).toBeCloseTo(13.42, 4);
  });
});

describe('courier actions with result unions', () => {
  const ACCEPT_OFFER = 'mutation($id: ID!) { acceptDeliveryOffer(offerId: $id) { __typename ... on OfferAccepted { delivery { status courier { id } } } ... on OfferUnavailable { message offerId } } }';
  const DECLINE_OFFER = 'mutation($id: ID!) { declineDeliveryOffer(offerId: $id) { __typename ... on OfferDeclined { offer { id status } } ... on OfferUnavailable { message offerId } } }';
  const PICK_UP = 'mutation($orderId: ID!) { pickUpOrder(orderId: $orderId) { __typename ... on DeliveryUpdated { delivery { status } } ... on DeliveryStepConflict { message delivery { status } } } }';
  const DELIVER_ORDER = `mutation($orderId: ID!, $proof: String!) {
    deliverOrder(orderId: $orderId, proof: $proof) {
      __typename
      ... on DeliveryUpdated { delivery { status } }
      ... on DeliveryStepConflict { message delivery { status } }
      ... on InvalidProofOfDelivery { message }
    }
  }`;
  const CHANGE_STATUS = 'mutation($s: CourierStatus!) { changeCourierStatus(status: $s) { __typename ... on CourierStatusChanged { courier { status } } ... on CourierStatusConflict { message courier { status } } } }';

  it('when a courier takes an order through, then every answer is the success member; refusals on the way are members too, with nothing changed', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_u_1', km: 0.5 }]);
    await confirmed('ord_u1', a);
    await taskCreated('ord_u1', a, new Date(Date.now() + 60_000));
    const offer = await offerNumber('ord_u1', 1);
    const courier = asCourier('cou_u_1');

    const offline = await gql(courier, CHANGE_STATUS, { s: 'OFFLINE' });
    expect(offline.errors).toBeUndefined();
    expect(offline.data.changeCourierStatus).toEqual({
      __typename: 'CourierStatusConflict',
      message: 'You have an offer waiting: accept or decline it first',
      courier: { status: 'OFFERED' },
    });
    expect((await gql(courier, ACCEPT_OFFER, { id: offer.id })).data.acceptDeliveryOffer).toEqual({
      __typename: 'OfferAccepted',
      delivery: { status: 'ASSIGNED', courier: { id: 'cou_u_1' } },
    });
    expect((await gql(courier, ACCEPT_OFFER, { id: offer.id })).data.acceptDeliveryOffer).toEqual({
      __typename: 'OfferUnavailable',
      message: 'This offer is already ACCEPTED',
      offerId: offer.id,
    });

    expect((await gql(courier, PICK_UP, { orderId: 'ord_u1' })).data.pickUpOrder).toEqual({
      __typename: 'DeliveryStepConflict',
      message: 'The store has not packed the order yet',
      delivery: { status: 'ASSIGNED' },
    });
    await packed('ord_u1', a);
    await until(async () => (await jobOf('ord_u1')).packed_at, 'packed');
    expect((await gql(courier, PICK_UP, { orderId: 'ord_u1' })).data.pickUpOrder).toEqual({ __typename: 'DeliveryUpdated', delivery: { status: 'PICKED_UP' } });

    expect((await gql(courier, DELIVER_ORDER, { orderId: 'ord_u1', proof: '  ' })).data.deliverOrder).toEqual({
      __typename: 'InvalidProofOfDelivery',
      message: 'Proof of delivery must be 1–2000 characters (a photo URL or a code)',
    });
    expect((await deliveriesOf('ord_u1'))[0].status).toBe('PICKED_UP');
    expect((await gql(courier, DELIVER_ORDER, { orderId: 'ord_u1', proof: 'code-1' })).data.deliverOrder).toEqual({ __typename: 'DeliveryUpdated', delivery: { status: 'DELIVERED' } });
    expect((await gql(courier, CHANGE_STATUS, { s: 'OFFLINE' })).data.changeCourierStatus).toEqual({ __typename: 'CourierStatusChanged', courier: { status: 'OFFLINE' } });
  });

  it('when a courier declines, then the answer is OfferDeclined; a second answer is OfferUnavailable; another courier still gets NOT_FOUND', async () => {
    const a = area();
    await couriersAt(a, [{ id: 'cou_v_1', km: 0.3 }, { id: 'cou_v_2', km: 1.2 }]);
    await confirmed('ord_v1', a);
    await packed('ord_v1', a);
    const first = await offerNumber('ord_v1', 1);
    expect(code(await gql(asCourier('cou_v_2'), DECLINE_OFFER, { id: first.id }))).toBe('NOT_FOUND');
    expect((await gql(asCourier('cou_v_1'), DECLINE_OFFER, { id: first.id })).data.declineDeliveryOffer).toEqual({
      __typename: 'OfferDeclined',
      offer: { id: first.id, status: 'DECLINED' },
    });
    expect((await gql(asCourier('cou_v_1'), DECLINE_OFFER, { id: first.id })).data.declineDeliveryOffer).toEqual({
      __typename: 'OfferUnavailable',
      message: 'This offer is already DECLINED',
      offerId: first.id,
    });
    const second = await offerNumber('ord_v1', 2);
    await gql(asCourier('cou_v_2'), DECLINE_OFFER, { id: second.id });
  });

  it('when a courier asks for a status only dispatch sets, then it stays a BAD_USER_INPUT error: a client bug, not a branch', async () => {
    expect(code(await gql(asCourier('cou_u_1'), CHANGE_STATUS, { s: 'BUSY' }))).toBe('BAD_USER_INPUT');
  });
});

describe('fulfillment.task_created without a ledger', () => {
  it('when task_created is delivered twice, with another order\'s, then each job has its store\'s promise and no processed-events row is kept', async () => {
    const a = area();
    await confirmed('ord_tc1', a);
    await confirmed('ord_tc2', a);
    await until(async () => (await jobOf('ord_tc1')) !== undefined && (await jobOf('ord_tc2')) !== undefined, 'jobs');
    const promisedReadyAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30 * 60_000);
    const event = (orderId: string) => ({
      id: randomUUID(),
      subject: SUBJECTS.fulfillmentTaskCreated,
      occurredAt: new Date().toISOString(),
      data: { orderId, taskId: `pck_${orderId}`, storeId: a.storeId, items: [{ productId: 'prd_1', quantity: 1 }], promisedReadyAt: promisedReadyAt.toISOString(), createdAt: new Date().toISOString() },
    });
    const twice = event('ord_tc1');
    // Bypass JetStream's message-id de-duplication, as a redelivery after a lost ack would.
    await deps.events.js.publish(deps.events.subject(twice.subject), JSON.stringify(twice));
    await deps.events.js.publish(deps.events.subject(twice.subject), JSON.stringify(twice));
    await deps.events.publish(event('ord_tc2'));
    await until(async () => (await jobOf('ord_tc1'))?.promised_ready_at && (await jobOf('ord_tc2'))?.promised_ready_at, 'promises');
    for (const orderId of ['ord_tc1', 'ord_tc2']) expect(await jobOf(orderId)).toMatchObject({ status: 'WAITING', store_id: a.storeId, promised_ready_at: promisedReadyAt });
    expect(await deps.db('processed_events').where('consumer', TASK_CREATED_CONSUMER)).toEqual([]);
  });
});
