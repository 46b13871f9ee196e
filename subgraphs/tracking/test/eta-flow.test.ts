import { randomUUID } from 'node:crypto';
import { SUBJECTS, type Subject } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, until, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories, type Repositories } from '../src/data';
import { computeEta, DROPOFF_BUFFER_MS } from '../src/domain/eta';
import { TASK_CREATED_CONSUMER, type TrackingEtaEvent, type TrackingPositionEvent } from '../src/events';
import { subgraph } from '../src/server';

let deps: TestDeps;
let repos: Repositories;
let server: TestSubgraph<typeof subgraph>;
let url: string;
const positions: TrackingPositionEvent[] = [];
const etas: TrackingEtaEvent[] = [];

const STORE = { lat: 52.5, lng: 13.4 };
const DOOR = { lat: 52.52, lng: 13.43 };
const REPORT = `mutation($input: ReportLocationInput!) { reportLocation(input: $input) { kept skipped } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id eta { estimatedArrivalAt minutesRemaining computedAt } } } }`;

interface EtaJson {
  estimatedArrivalAt: string;
  minutesRemaining: number;
  computedAt: string;
}

const publish = (subject: Subject, data: unknown) => deps.events.publish({ id: randomUUID(), subject, occurredAt: new Date().toISOString(), data });


const report = async (courierId: string, point: { lat: number; lng: number }, speed: number | null = null) => {
  // Each step of a test is a fresh report, not a thinned one.
  await deps.redis.del(repos.live.gateKey(courierId));
  const res = await postGraphQL<{ reportLocation: { kept: boolean } }>(
    url,
    REPORT,
    { input: { ...point, heading: 0, speed, accuracy: 5, recordedAt: new Date().toISOString() } },
    { identity: { sub: courierId, role: 'courier' } },
  );
  expect(res.data).toEqual({ reportLocation: { kept: true, skipped: null } });
};

async function etaOf(orderIds: string[]): Promise<({ id: string; eta: EtaJson | null } | null)[]> {
  const res = await postGraphQL<{ _entities: ({ id: string; eta: EtaJson | null } | null)[] }>(url, ENTITIES, {
    r: orderIds.map((id) => ({ __typename: 'Order', id })),
  }, { identity: { sub: 'gateway', role: 'service' } });
  expect(res.errors).toBeUndefined();
  return res.data!._entities;
}

const mirrored = async (courierId: string) => (await repos.live.state(courierId)).delivery;
const etasOf = (orderId: string) => etas.filter((e) => e.orderId === orderId);

beforeAll(async () => {
  deps = await createTestDeps('tracking', migrations);
  repos = createRepositories(deps.db, deps.redis, deps.namespace);
  server = await startTestSubgraph(subgraph, deps, { settings: { writer: { flushMs: 100 } }, workers: true });
  url = server.url;
  for (const [subject, into] of [
    [SUBJECTS.trackingPosition, positions],
    [SUBJECTS.trackingEta, etas],
  ] as const) {
    const sub = deps.nats.subscribe(deps.events.liveSubject(subject));
    void (async () => {
      for await (const m of sub) (into as unknown[]).push(m.json());
    })();
  }
  await deps.nats.flush();
});

afterAll(async () => {
  await server.stop();
  const keys = await deps.redis.keys(`${deps.namespace}:*`);
  if (keys.length) await deps.redis.del(keys);
  await deps.close();
});

describe('ETA from delivery and fulfillment events', () => {
  it('when an order is assigned and its courier reports, then Order.eta answers through _entities, in key order, null for unknown', async () => {
    await publish(SUBJECTS.deliveryAssigned, {
      orderId: 'ord_1',
      deliveryId: 'dlv_1',
      courierId: 'cou_1',
      storeId: 'str_1',
      storeLocation: STORE,
      dropoffLocation: DOOR,
      at: new Date().toISOString(),
    });
    await until(async () => (await mirrored('cou_1')) !== null);
    // Assigned, but the courier has not reported yet: nothing to estimate from.
    expect(await etaOf(['ord_1'])).toEqual([{ id: 'ord_1', eta: null }]);

    await report('cou_1', { lat: 52.49, lng: 13.39 }, 5);
    const [unknown, known] = await etaOf(['ord_unknown', 'ord_1']);
    expect(unknown).toEqual({ id: 'ord_unknown', eta: null });
    const [delivery] = await repos.deliveries.findActiveByOrderIds(['ord_1']);
    const [position] = await repos.positions.findLatest(['cou_1']);
    const expected = computeEta(delivery!, position!, new Date(known!.eta!.computedAt))!;
    expect(known).toEqual({
      id: 'ord_1',
      eta: {
        estimatedArrivalAt: expected.estimatedArrivalAt.toISOString(),
        minutesRemaining: expected.minutesRemaining,
        computedAt: known!.eta!.computedAt,
      },
    });
    await until(() => etasOf('ord_1').length >= 1);
    expect(positions.filter((p) => p.courierId === 'cou_1').at(-1)).toMatchObject({ orderId: 'ord_1', eta: { orderId: 'ord_1' } });
  });

  it('when the store promised the bag far ahead and then packs it, then the ETA drops and the change is published', async () => {
    await publish(SUBJECTS.fulfillmentTaskCreated, {
      orderId: 'ord_2',
      taskId: 'pck_2',
      storeId: 'str_1',
      items: [],
      promisedReadyAt: new Date(Date.now() + 40 * 60_000).toISOString(),
      createdAt: new Date().toISOString(),
    });
    await until(async () => (await deps.db('order_preparation').where('order_id', 'ord_2').first()) !== undefined);
    await publish(SUBJECTS.deliveryAssigned, {
      orderId: 'ord_2',
      deliveryId: 'dlv_2',
      courierId: 'cou_2',
      storeId: 'str_1',
      storeLocation: STORE,
      dropoffLocation: DOOR,
      at: new Date().toISOString(),
    });
    await until(async () => (await mirrored('cou_2')) !== null);
    await report('cou_2', { lat: 52.501, lng: 13.4 });
    const [waiting] = await etaOf(['ord_2']);
    // The store's 40 minutes dominate the few hundred metres to ride.
    expect(waiting!.eta!.minutesRemaining).toBeGreaterThanOrEqual(40);

    const published = etasOf('ord_2').length;
    await publish(SUBJECTS.fulfillmentPacked, { orderId: 'ord_2', taskId: 'pck_2', storeId: 'str_1', items: [], packedAt: new Date().toISOString() });
    await until(() => etasOf('ord_2').length > published);
    expect(etasOf('ord_2').at(-1)!.minutesRemaining).toBeLessThan(20);
    const [packed] = await etaOf(['ord_2']);
    expect(packed!.eta!.minutesRemaining).toBeLessThan(20);
    expect((await mirrored('cou_2'))?.packedAt).not.toBeNull();
  });

  it('when task_created is delivered twice, with another order\'s, then each promise is recorded, the live courier\'s mirror has it, and no processed-events row is kept', async () => {
    await publish(SUBJECTS.deliveryAssigned, {
      orderId: 'ord_5',
      deliveryId: 'dlv_5',
      courierId: 'cou_5',
      storeId: 'str_1',
      storeLocation: STORE,
      dropoffLocation: DOOR,
      at: new Date().toISOString(),
    });
    await until(async () => (await mirrored('cou_5')) !== null);
    const promisedReadyAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30 * 60_000);
    const task = (orderId: string) => ({ orderId, taskId: `pck_${orderId}`, storeId: 'str_1', items: [], promisedReadyAt: promisedReadyAt.toISOString(), createdAt: new Date().toISOString() });
    const twice = { id: randomUUID(), subject: SUBJECTS.fulfillmentTaskCreated, occurredAt: new Date().toISOString(), data: task('ord_5') };
    // Bypass JetStream's message-id de-duplication, as a redelivery after a lost ack would.
    await deps.events.js.publish(deps.events.subject(twice.subject), JSON.stringify(twice));
    await deps.events.js.publish(deps.events.subject(twice.subject), JSON.stringify(twice));
    await publish(SUBJECTS.fulfillmentTaskCreated, task('ord_6'));
    const promises = () => deps.db('order_preparation').whereIn('order_id', ['ord_5', 'ord_6']).orderBy('order_id').select('order_id', 'task_id', 'promised_ready_at');
    await until(async () => (await promises()).length === 2 && (await mirrored('cou_5'))?.promisedReadyAt != null);
    expect(await promises()).toEqual([
      { order_id: 'ord_5', task_id: 'pck_ord_5', promised_ready_at: promisedReadyAt },
      { order_id: 'ord_6', task_id: 'pck_ord_6', promised_ready_at: promisedReadyAt },
    ]);
    expect(new Date((await mirrored('cou_5'))!.promisedReadyAt!)).toEqual(promisedReadyAt);
    expect(await deps.db('processed_events').where('consumer', TASK_CREATED_CONSUMER)).toEqual([]);
  });

  it('when the courier picks up, then the ETA counts from the courier to the door only', async () => {
    await publish(SUBJECTS.deliveryAssigned, {
      orderId: 'ord_3',
      deliveryId: 'dlv_3',
      courierId: 'cou_3',
      storeId: 'str_1',
      storeLocation: STORE,
      dropoffLocation: DOOR,
      at: new Date().toISOString(),
    });
    await until(async () => (await mirrored('cou_3')) !== null);
    await report('cou_3', DOOR);
    // The report's own ETA (TO_STORE) is published as the report is handled but reaches this subscriber a
    // moment after the mutation answers: wait for it, or it could be mistaken for the pick-up's ETA below.
    await until(() => etasOf('ord_3').length === 1);
    const published = etasOf('ord_3').length;
    await publish(SUBJECTS.deliveryPickedUp, { orderId: 'ord_3', deliveryId: 'dlv_3', courierId: 'cou_3', at: new Date().toISOString() });
    await until(async () => (await mirrored('cou_3'))?.phase === 'TO_CUSTOMER');
    await until(() => etasOf('ord_3').length > published);
    // At the door already: only the handover buffer is left.
    const last = etasOf('ord_3').at(-1)!;
    expect(Date.parse(last.estimatedArrivalAt) - Date.parse(last.computedAt)).toBeLessThanOrEqual(DROPOFF_BUFFER_MS + 1000);
    expect(last.minutesRemaining).toBe(DROPOFF_BUFFER_MS / 60_000);
  });

  it('when the order is delivered, then a final 0-minute ETA is published, Order.eta is null, and reports carry no order nor history', async () => {
    await publish(SUBJECTS.deliveryAssigned, {
      orderId: 'ord_4',
      deliveryId: 'dlv_4',
      courierId: 'cou_4',
      storeId: 'str_1',
      storeLocation: STORE,
      dropoffLocation: DOOR,
      at: new Date().toISOString(),
    });
    await until(async () => (await mirrored('cou_4')) !== null);
    await report('cou_4', { lat: 52.51, lng: 13.42 });
    await until(async () => (await deps.db('location_reports').where('order_id', 'ord_4')).length === 1);

    const deliveredAt = new Date().toISOString();
    await publish(SUBJECTS.deliveryDelivered, { orderId: 'ord_4', deliveryId: 'dlv_4', courierId: 'cou_4', proof: 'code:1234', at: deliveredAt });
    await until(() => etasOf('ord_4').some((e) => e.minutesRemaining === 0));
    expect(etasOf('ord_4').at(-1)).toMatchObject({ orderId: 'ord_4', courierId: 'cou_4', estimatedArrivalAt: deliveredAt, minutesRemaining: 0 });
    expect(await mirrored('cou_4')).toBeNull();
    expect(await etaOf(['ord_4'])).toEqual([{ id: 'ord_4', eta: null }]);

    await report('cou_4', { lat: 52.5101, lng: 13.42 });
    await until(() => positions.filter((p) => p.courierId === 'cou_4').length === 2);
    expect(positions.filter((p) => p.courierId === 'cou_4').at(-1)).toMatchObject({ orderId: null, eta: null });
    await server.app.useCases.writer.flush();
    expect(await deps.db('location_reports').where('courier_id', 'cou_4')).toHaveLength(1);
  });

  it('when the Redis mirror is lost, then starting the workers rebuilds it from Postgres', async () => {
    await repos.live.clearDelivery('cou_1');
    expect(await mirrored('cou_1')).toBeNull();
    expect(await server.app.useCases.deliveryState.rebuildMirror(deps.db)).toBeGreaterThanOrEqual(3);
    expect(await mirrored('cou_1')).toMatchObject({ orderId: 'ord_1', phase: 'TO_STORE' });
    expect(await mirrored('cou_4')).toBeNull();
  });
});
