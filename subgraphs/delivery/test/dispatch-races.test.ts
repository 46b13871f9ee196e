/**
 * The two invariants under concurrency, on real Postgres: a courier never holds two active
 * assignments, an order never gets two couriers. No workers run here: the test calls the use cases
 * itself, at the same moment, so the database alone decides. Store locations are written straight
 * into the dispatch jobs (no availability lookup), positions straight into the Redis projection.
 */
import type { Identity } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, CourierPositionStore, type GeoPoint } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let positions: CourierPositionStore;

beforeAll(async () => {
  deps = await createTestDeps('delivery', migrations);
  server = await startTestSubgraph(subgraph, deps, { settings: { offerWindowMs: 30_000 } });
  url = server.url;
  positions = new CourierPositionStore(deps.redis, deps.namespace);
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

const KM = 1 / 111.2;
let areas = 0;
const asCourier = (id: string): Identity => ({ sub: id, role: 'courier' });
const ACCEPT = 'mutation($id: ID!) { acceptOffer(offerId: $id) { id status courier { id } } }';

/** A packed order at a store of its own with idle couriers at the given distances (km north). */
async function packedOrderWithCouriers(orderIds: string[], couriers: { id: string; km: number }[]): Promise<GeoPoint> {
  areas += 1;
  const store: GeoPoint = { lat: 30 + areas * 0.5, lng: 20 };
  const storeId = `str_race${areas}`;
  const repos = createRepositories(deps.db);
  await repos.couriers.upsertMany(couriers.map((c) => ({ id: c.id, name: c.id, vehicle: 'E_BIKE', rating: 4.5, status: 'IDLE', currentLoad: 0, homeStoreId: storeId })));
  for (const c of couriers) await positions.record({ courierId: c.id, lat: store.lat + c.km * KM, lng: store.lng, recordedAt: new Date() });
  for (const orderId of orderIds) {
    await repos.dispatchJobs.recordConfirmedMany([{ orderId, storeId, dropoff: { lat: store.lat - 0.01, lng: store.lng }, confirmedAt: new Date() }]);
    await repos.dispatchJobs.recordPacked(orderId, storeId, new Date());
  }
  await repos.dispatchJobs.setStoreLocations(new Map([[storeId, store]]));
  return store;
}

const offered = async (orderId: string) => {
  const outcome = await server.app.useCases.dispatch.dispatchOrder(orderId);
  if (outcome.kind !== 'OFFERED') throw new Error(`expected an offer for ${orderId}, got ${outcome.kind}`);
  return outcome.offer;
};

describe('two concurrent accepts', () => {
  it('when one courier fires several accepts for one offer at once, then exactly one wins and the others get INVALID_STATE', async () => {
    await packedOrderWithCouriers(['ord_r1'], [{ id: 'cou_r1', km: 0.5 }]);
    const offer = await offered('ord_r1');
    const results = await Promise.all(Array.from({ length: 5 }, () => postGraphQL<any>(url, ACCEPT, { id: offer.id }, { identity: asCourier('cou_r1') })));
    const wins = results.filter((r) => !r.errors);
    expect(wins).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'INVALID_STATE')).toHaveLength(4);
    expect(await deps.db('couriers').where('id', 'cou_r1').first()).toMatchObject({ status: 'BUSY', current_load: 1 });
    expect(await deps.db('deliveries').where({ order_id: 'ord_r1', status: 'ASSIGNED' }).count('* as n').first()).toEqual({ n: '1' });
    expect(await deps.db('outbox').where('subject', 'delivery.assigned').whereRaw(`payload->>'orderId' = 'ord_r1'`).count('* as n').first()).toEqual({ n: '1' });
  });

  it('when one courier holds two offers (the pending-offer index removed to force it) and accepts both at once, then exactly one wins', async () => {
    await packedOrderWithCouriers(['ord_r2a', 'ord_r2b'], [{ id: 'cou_r2', km: 0.5 }]);
    const first = await offered('ord_r2a');
    // The first line of defence makes the second offer impossible; take it away to test the second line:
    // the courier's OFFERED → BUSY compare-and-set and deliveries_one_active_per_courier.
    await deps.db.raw('DROP INDEX offers_one_pending_per_courier');
    try {
      await deps.db('couriers').where('id', 'cou_r2').update({ status: 'IDLE' });
      const second = await offered('ord_r2b');
      expect(second.courierId).toBe('cou_r2');

      const results = await Promise.all(
        [first, second].map((offer) => postGraphQL<any>(url, ACCEPT, { id: offer.id }, { identity: asCourier('cou_r2') })),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'INVALID_STATE')).toHaveLength(1);
      expect(await deps.db('couriers').where('id', 'cou_r2').first()).toMatchObject({ status: 'BUSY', current_load: 1 });
      expect(await deps.db('deliveries').where({ courier_id: 'cou_r2' }).whereIn('status', ['ASSIGNED', 'PICKED_UP']).count('* as n').first()).toEqual({ n: '1' });
      // The loser's offer is still PENDING (its transaction rolled back), waiting to expire.
      expect((await deps.db('offers').where('courier_id', 'cou_r2').orderBy('status')).map((o) => o.status)).toEqual(['ACCEPTED', 'PENDING']);
    } finally {
      await deps.db('offers').where({ courier_id: 'cou_r2', status: 'PENDING' }).update({ status: 'WITHDRAWN', closed_at: deps.db.fn.now() });
      await deps.db.raw(`CREATE UNIQUE INDEX offers_one_pending_per_courier ON offers (courier_id) WHERE status = 'PENDING'`);
    }
  });

  it('when a delivery would give a courier a second active assignment, then the database refuses it even if asked directly', async () => {
    const busy = await deps.db('deliveries').where({ courier_id: 'cou_r1', status: 'ASSIGNED' }).first();
    await expect(
      deps.db('deliveries').insert({ id: 'dlv_second', order_id: 'ord_r_other', courier_id: busy.courier_id, status: 'ASSIGNED', assigned_at: new Date() }),
    ).rejects.toMatchObject({ code: '23505', constraint: 'deliveries_one_active_per_courier' });
  });
});

describe('offers, one at a time on both sides', () => {
  it('when two dispatchers offer two orders at once and one courier is free, then exactly one order gets them', async () => {
    await packedOrderWithCouriers(['ord_r3a', 'ord_r3b'], [{ id: 'cou_r3', km: 0.5 }]);
    const outcomes = await Promise.all(['ord_r3a', 'ord_r3b'].map((id) => server.app.useCases.dispatch.dispatchOrder(id)));
    expect(outcomes.filter((o) => o.kind === 'OFFERED')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'WAITING')).toHaveLength(1);
    expect(await deps.db('offers').where({ courier_id: 'cou_r3', status: 'PENDING' }).count('* as n').first()).toEqual({ n: '1' });
  });

  it('when the same order is dispatched twice at once, then it gets one offer', async () => {
    await packedOrderWithCouriers(['ord_r4'], [{ id: 'cou_r4a', km: 0.5 }, { id: 'cou_r4b', km: 0.7 }]);
    const outcomes = await Promise.all([server.app.useCases.dispatch.dispatchOrder('ord_r4'), server.app.useCases.dispatch.dispatchOrder('ord_r4')]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['OFFERED', 'SKIPPED']);
    expect(await deps.db('offers').where('order_id', 'ord_r4').count('* as n').first()).toEqual({ n: '1' });
    expect(await deps.db('couriers').whereIn('id', ['cou_r4a', 'cou_r4b']).where('status', 'OFFERED').count('* as n').first()).toEqual({ n: '1' });
  });

  it('when a second pending offer is written for a courier or an order, then the database refuses it', async () => {
    const pending = await deps.db('offers').where({ order_id: 'ord_r4', status: 'PENDING' }).first();
    const row = (fields: Record<string, unknown>) => ({
      order_id: pending.order_id,
      delivery_id: pending.delivery_id,
      courier_id: pending.courier_id,
      distance_meters: 1,
      eta_seconds: 1,
      expires_at: new Date(Date.now() + 60_000),
      ...fields,
    });
    await expect(deps.db('offers').insert(row({ id: 'ofr_dup_courier', order_id: 'ord_r1', attempt: 9 }))).rejects.toMatchObject({
      code: '23505',
      constraint: 'offers_one_pending_per_courier',
    });
    const other = pending.courier_id === 'cou_r4a' ? 'cou_r4b' : 'cou_r4a';
    await expect(deps.db('offers').insert(row({ id: 'ofr_dup_order', courier_id: other, attempt: 2 }))).rejects.toMatchObject({
      code: '23505',
      constraint: 'offers_one_pending_per_order',
    });
  });

  it('when the sweeper and an accept race for an offer at its deadline, then exactly one of them wins', async () => {
    await packedOrderWithCouriers(['ord_r5'], [{ id: 'cou_r5', km: 0.5 }]);
    const offer = await offered('ord_r5');
    // Put the deadline just ahead, then fire both as it passes.
    await deps.db('offers').where('id', offer.id).update({ expires_at: deps.db.raw(`now() + interval '150 milliseconds'`) });
    await new Promise((r) => setTimeout(r, 140));
    const [accept] = await Promise.all([
      postGraphQL<any>(url, ACCEPT, { id: offer.id }, { identity: asCourier('cou_r5') }),
      new Promise((r) => setTimeout(r, 10)).then(() => server.app.useCases.dispatch.expireOffers()),
    ]);
    const [after] = await deps.db('offers').where('id', offer.id).select('status');
    const courier = await deps.db('couriers').where('id', 'cou_r5').first();
    if (accept.errors) {
      expect(accept.errors[0]?.extensions?.code).toBe('INVALID_STATE');
      expect(after.status).toBe('EXPIRED');
      expect(courier.status).not.toBe('BUSY');
    } else {
      expect(after.status).toBe('ACCEPTED');
      expect(courier).toMatchObject({ status: 'BUSY', current_load: 1 });
    }
  });
});

describe('the dispatcher rescheduling a waiting order without a lock', () => {
  it('when one of a run\'s jobs is written between the unlocked read and the reschedule, then the reschedule writes the others only and the next read sees the write', async () => {
    const repos = createRepositories(deps.db);
    for (const orderId of ['ord_cas', 'ord_cas2']) {
      await repos.dispatchJobs.recordConfirmedMany([{ orderId, storeId: 'str_cas', dropoff: { lat: 10, lng: 10 }, confirmedAt: new Date() }]);
      await repos.dispatchJobs.recordPacked(orderId, 'str_cas', new Date());
    }
    await repos.dispatchJobs.setStoreLocations(new Map([['str_cas', { lat: 10.01, lng: 10 }]]));
    const dueNow = async (orderId: string) => (await repos.dispatchJobs.findDue(1000)).find((d) => d.job.orderId === orderId);
    const seen = (await dueNow('ord_cas'))!;
    const other = (await dueNow('ord_cas2'))!;
    // A consumer writes the job meanwhile (fresh information means "look again now").
    await repos.dispatchJobs.recordTaskCreated('ord_cas', 'str_cas', new Date(Date.now() + 600_000));
    const later = new Date(Date.now() + 60_000);
    const wait = { radiusLevel: 0, nextCheckAt: later, awaitingCourier: false };
    expect(
      await repos.dispatchJobs.updateManyUnchanged([
        { orderId: 'ord_cas', version: seen.version, patch: wait },
        { orderId: 'ord_cas2', version: other.version, patch: { ...wait, radiusLevel: 2, dueSince: 'now' } },
      ]),
    ).toEqual(new Set(['ord_cas2']));
    expect((await repos.dispatchJobs.findByOrderIds(['ord_cas2']))[0]).toMatchObject({ radiusLevel: 2, nextCheckAt: later, dueSince: expect.any(Date) });
    expect(await dueNow('ord_cas2')).toBeUndefined();
    const fresh = (await dueNow('ord_cas'))!;
    expect(fresh.job.promisedReadyAt).not.toBeNull();
    expect(await repos.dispatchJobs.updateManyUnchanged([{ orderId: 'ord_cas', version: fresh.version, patch: wait }])).toEqual(new Set(['ord_cas']));
    expect(await dueNow('ord_cas')).toBeUndefined();
  });
});

describe('widening the search when nobody near is free (radii 3, 6 and 12 km)', () => {
  const radiusOf = async (orderId: string) => (await createRepositories(deps.db).dispatchJobs.findByOrderIds([orderId]))[0]?.radiusLevel;

  it('when the only free courier is 5 km away, then the order is offered to them at the 6 km level, not the widest', async () => {
    await packedOrderWithCouriers(['ord_wide1'], [{ id: 'cou_wide1', km: 5 }]);
    const offer = await offered('ord_wide1');
    expect(offer.courierId).toBe('cou_wide1');
    expect(await radiusOf('ord_wide1')).toBe(1);
  });

  it('when free couriers are 9 and 11 km away, then the nearer one gets the offer at the widest level', async () => {
    await packedOrderWithCouriers(['ord_wide2'], [{ id: 'cou_wide2b', km: 11 }, { id: 'cou_wide2a', km: 9 }]);
    const offer = await offered('ord_wide2');
    expect(offer.courierId).toBe('cou_wide2a');
    expect(await radiusOf('ord_wide2')).toBe(2);
  });

  it('when nobody is free within 12 km, then the order waits for a courier at the widest level', async () => {
    await packedOrderWithCouriers(['ord_wide3'], [{ id: 'cou_wide3', km: 20 }]);
    expect(await server.app.useCases.dispatch.dispatchOrder('ord_wide3')).toEqual({ kind: 'WAITING', why: 'NO_COURIER' });
    expect(await radiusOf('ord_wide3')).toBe(2);
  });
});
