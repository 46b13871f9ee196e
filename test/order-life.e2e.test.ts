/**
 * An order's whole life on the real six subgraphs with their workers running (outbox relays,
 * consumers, dispatcher), two gateway replicas, and live screens on the real graphql-ws client:
 * placed by a customer, picked and packed by the store's staff, offered to and delivered by a courier
 * who reports positions on the way — every step through the gateway, as the apps send it.
 */
import type { IncomingMessage } from 'node:http';
import { signDevToken } from '../gateway/src/auth';
import { connectClient, eventually, follow, type Recorder, type TestClient } from '../gateway/src/subscriptions/testing/client';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../subgraphs/orders/src/data';
import { createRepositories as deliveryRepos } from '../subgraphs/delivery/src/data';
import { HAPPY_PATH as ORDER_HAPPY_PATH } from '../subgraphs/orders/src/domain/order-progress';
import { until as waitUntil } from '@qc/shared/testing';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

/** The orders subgraph's happy path, as the plain strings a feed delivers. */
const HAPPY_PATH: readonly string[] = ORDER_HAPPY_PATH;

const STORE = { id: 'str_life', lat: 52.52, lng: 13.405 };
/** 400 m north of the store. */
const DOOR = { lat: 52.5236, lng: 13.405 };
const ADDRESS = { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' };
/** Metres north in degrees of latitude. */
const north = (from: { lat: number; lng: number }, metres: number) => ({ lat: from.lat + metres / 111_200, lng: from.lng });
/** Tracking keeps one report per courier per 3 s; a report sent sooner is acknowledged, not kept. */
const REPORT_SPACING_MS = 3_100;
/** Tracking refuses jumps faster than 60 m/s; the test courier rides at half that at most. */
const MAX_RIDE_SPEED = 30;

let graph: RunningSupergraph;
/** The second gateway replica: subscribers sit here, every mutation goes to the first. */
let replica: { url: string; stop(): Promise<void> };
const clients: TestClient[] = [];
const token = {} as Record<'ada' | 'bob' | 'staff' | 'courier' | 'otherCourier', string>;

async function loadFixture(g: Pick<RunningSupergraph, 'deps'>) {
  await catalogRepos(g.deps.catalog.db).categories.upsertMany([{ id: 'cat_life', name: 'Bakery', slug: 'bakery' }]);
  await catalogRepos(g.deps.catalog.db).products.upsertMany([
    { id: 'prd_bread', sku: 'LIFE-1', name: 'Sourdough Bread', description: '750 g', categoryId: 'cat_life', priceCents: 450, currency: 'EUR', imageUrl: null, tags: [] },
    { id: 'prd_butter', sku: 'LIFE-2', name: 'Salted Butter', description: '250 g', categoryId: 'cat_life', priceCents: 289, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
  await availabilityRepos(g.deps.availability.db).stores.upsertMany([
    { id: STORE.id, name: 'Life Dark Store', lat: STORE.lat, lng: STORE.lng, address: 'Alexanderplatz 1', deliveryRadiusMeters: 3000, capacity: 20, timezone: 'Europe/Berlin', openingHours: allDay },
  ]);
  await availabilityRepos(g.deps.availability.db).stock.upsertMany([
    { storeId: STORE.id, productId: 'prd_bread', onHand: 100, reserved: 0 },
    { storeId: STORE.id, productId: 'prd_butter', onHand: 100, reserved: 0 },
  ]);
  await ordersRepos(g.deps.orders.db).customers.upsertMany([
    { id: 'cus_ada', name: 'Ada', email: 'ada@example.com' },
    { id: 'cus_bob', name: 'Bob', email: 'bob@example.com' },
  ]);
  await deliveryRepos(g.deps.delivery.db).couriers.upsertMany([
    { id: 'cou_lena', name: 'Lena', vehicle: 'E_BIKE', rating: 4.9, status: 'OFFLINE', currentLoad: 0, homeStoreId: STORE.id },
  ]);
}

beforeAll(async () => {
  graph = await startSupergraph({
    workers: true,
    // A busy 2-core machine runs seven servers here: give dispatch quick loops and the courier time to answer.
    settings: { delivery: { dispatchIntervalMs: 100, sweepIntervalMs: 100, offerWindowMs: 30_000 } },
    fixture: (deps) => loadFixture({ deps }),
  });
  replica = await graph.startGateway();
  token.ada = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_ada', role: 'customer' });
  token.bob = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_bob', role: 'customer' });
  token.staff = await signDevToken(E2E_JWT_SECRET, { sub: 'staff_life', role: 'store_staff', storeId: STORE.id });
  token.courier = await signDevToken(E2E_JWT_SECRET, { sub: 'cou_lena', role: 'courier', courierId: 'cou_lena' });
  token.otherCourier = await signDevToken(E2E_JWT_SECRET, { sub: 'cou_max', role: 'courier', courierId: 'cou_max' });
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await graph?.stop();
});

const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

function connect(url: string, as: string): TestClient {
  const client = connectClient(wsUrl(url), as);
  clients.push(client);
  return client;
}

/** A mutation or query through the first gateway that must not fail; returns its data. */
async function must<T = any>(query: string, variables: Record<string, unknown>, as: string): Promise<T> {
  const res = await queryGateway<T>(graph.gatewayUrl, query, variables, as);
  if (res.errors?.length || !res.data) throw new Error(`${query.trim().split('\n')[0]} failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** The shared `until`, with the patience seven servers on a busy 2-core machine need. */
const until = <T>(probe: () => Promise<T>, what: string) => waitUntil(probe, what, 20_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function placeOrder(key: string): Promise<string> {
  const data = await must(
    `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on OrderPlaced { order { id status } } } }`,
    {
      input: {
        idempotencyKey: key,
        items: [
          { productId: 'prd_bread', quantity: 1 },
          { productId: 'prd_butter', quantity: 2 },
        ],
        deliveryLocation: DOOR,
        address: ADDRESS,
        paymentMethod: 'card_visa_4242',
      },
    },
    token.ada,
  );
  expect(data.placeOrder).toEqual({ __typename: 'OrderPlaced', order: { id: expect.any(String), status: 'CONFIRMED' } });
  return data.placeOrder.order.id as string;
}

/** The subgraphs that publish events (each has an outbox). */
const PUBLISHERS = ['orders', 'availability', 'fulfillment', 'delivery', 'tracking'] as const;

/**
 * Waits until fulfillment has queued the order (orders has heard of it too: ASSIGNED_TO_STORE) and the
 * events of getting there have left every outbox and been handled by the replica's subscription engine.
 * A status is readable as soon as it commits, but its event leaves with the relay's next run (a busy
 * relay spaces its runs up to 100 ms apart): a screen that subscribed in between would start from the
 * new status and then be pushed the same change again.
 */
async function queued(orderId: string): Promise<void> {
  await until(async () => {
    const data = await must('query Q($id: ID!) { order(id: $id) { status pickTask { status } } }', { id: orderId }, token.ada);
    return data.order.status === 'ASSIGNED_TO_STORE' && data.order.pickTask?.status === 'QUEUED';
  }, `order ${orderId} queued at the store`);
  await until(async () => {
    const waiting = await Promise.all(PUBLISHERS.map((name) => graph.deps[name].db('outbox').whereNull('published_at').count<{ count: string }[]>({ count: '*' })));
    return waiting.every(([row]) => Number(row!.count) === 0);
  }, `the events of order ${orderId}'s queueing to leave every outbox`);
  await until(async () => {
    const health = (await (await fetch(replica.url.replace(/\/graphql$/, '/health'))).json()) as { live: { pendingEvents: number } };
    return health.live.pendingEvents === 0;
  }, 'the replica to handle the events it has heard');
}

let last: { at: number; lat: number } | undefined;
/** Reports the courier's position (north–south moves only), spaced so tracking keeps every one. */
async function report(at: { lat: number; lng: number }): Promise<{ kept: boolean; skipped: string | null }> {
  if (last) {
    const metres = Math.abs(at.lat - last.lat) * 111_200;
    const wait = last.at + Math.max(REPORT_SPACING_MS, (metres / MAX_RIDE_SPEED) * 1000) - Date.now();
    if (wait > 0) await sleep(wait);
  }
  const data = await must(
    'mutation R($input: ReportLocationInput!) { reportLocation(input: $input) { kept skipped } }',
    { input: { ...at, heading: 0, speed: 5, accuracy: 8, recordedAt: new Date().toISOString() } },
    token.courier,
  );
  // Spaced from the answer, not the request: tracking applies its 3 s rule when the report arrives, which
  // is later than we sent it when the stack is slow (a first request, a busy machine).
  last = { at: Date.now(), lat: at.lat };
  return data.reportLocation;
}

/** Statuses as a subscriber saw them, a repeated one (the overlap of current state and first event) once. */
const statusesOf = (feed: Recorder): string[] =>
  feed.data.map((d) => d.orderUpdated?.status as string).filter((s, i, all) => i === 0 || s !== all[i - 1]);

const FOLLOW_ORDER = /* GraphQL */ `
  subscription Follow($orderId: ID!) {
    orderUpdated(orderId: $orderId) {
      id
      status
      total { amountCents }
      items { quantity product { name } }
      store { name }
      pickTask { status }
      delivery { status courier { name } }
    }
  }
`;

describe("an order's life through the supergraph", () => {
  it('when an order goes from placement to the door, then a subscriber on another gateway sees every status in order with fields from five subgraphs, positions stream in, the courier follows the order they carry, and the history is complete', async () => {
    // The courier goes online near the store: dispatch offers nothing to a courier without a fresh position.
    const start = north(STORE, -150);
    expect(await report(start)).toEqual({ kept: true, skipped: null });
    expect((await must('mutation { setCourierStatus(status: IDLE) { status } }', {}, token.courier)).setCourierStatus).toEqual({ status: 'IDLE' });

    const orderId = await placeOrder('life-1');
    const screen = connect(replica.url, token.ada);
    const feed = follow(screen, FOLLOW_ORDER, { orderId });
    const positions = follow(screen, 'subscription P($orderId: ID!) { courierPosition(orderId: $orderId) { lat lng recordedAt eta { minutesRemaining } } }', { orderId });
    await feed.count(1);

    // Another customer cannot follow it, on either feed, and is told what a made-up order id gets.
    const nosy = connect(replica.url, token.bob);
    const refused = [follow(nosy, FOLLOW_ORDER, { orderId }), follow(nosy, 'subscription P($orderId: ID!) { courierPosition(orderId: $orderId) { lat } }', { orderId })];
    for (const r of refused) {
      await r.ended();
      expect(r.errorCodes).toEqual(['NOT_FOUND']);
      expect(r.results).toEqual([]);
    }

    // The store picks and packs.
    await queued(orderId);
    await must('mutation S($id: ID!) { startPicking(orderId: $id) { status } }', { id: orderId }, token.staff);
    await must('mutation P($id: ID!) { markPacked(orderId: $id) { status } }', { id: orderId }, token.staff);

    // The courier gets the offer and takes it.
    const offer = await until(async () => {
      const data = await must('{ myOffers { id status order { id } } }', {}, token.courier);
      return (data.myOffers as { id: string; status: string; order: { id: string } }[]).find((o) => o.order.id === orderId && o.status === 'PENDING');
    }, 'the offer to the courier');
    expect((await must('mutation A($id: ID!) { acceptOffer(offerId: $id) { status } }', { id: offer.id }, token.courier)).acceptOffer).toEqual({ status: 'ASSIGNED' });

    // The courier's app follows the order it carries, once orders has heard of the assignment
    // (delivery.assigned); another courier may not, on either feed.
    const ORDER_ID_ONLY = 'query O($id: ID!) { order(id: $id) { id } }';
    await until(async () => (await queryGateway(graph.gatewayUrl, ORDER_ID_ONLY, { id: orderId }, token.courier)).data?.order, 'orders to know the courier');
    const bike = connect(replica.url, token.courier);
    const courierFeed = follow(bike, 'subscription F($orderId: ID!) { orderUpdated(orderId: $orderId) { status } }', { orderId });
    const courierPositions = follow(bike, 'subscription P($orderId: ID!) { courierPosition(orderId: $orderId) { lat lng } }', { orderId });
    await courierFeed.count(1);
    const otherBike = connect(replica.url, token.otherCourier);
    // Someone else's order is answered like one that does not exist: null, and NOT_FOUND on the feeds.
    expect(await queryGateway(graph.gatewayUrl, ORDER_ID_ONLY, { id: orderId }, token.otherCourier)).toMatchObject({ data: { order: null } });
    for (const r of [follow(otherBike, FOLLOW_ORDER, { orderId }), follow(otherBike, 'subscription P($orderId: ID!) { courierPosition(orderId: $orderId) { lat } }', { orderId })]) {
      await r.ended();
      expect(r.errorCodes).toEqual(['NOT_FOUND']);
      expect(r.results).toEqual([]);
    }

    // Rides to the store, reporting; picks up; rides to the door, reporting; hands over.
    expect(await report(north(STORE, -60))).toEqual({ kept: true, skipped: null });
    await until(async () => {
      const res = await queryGateway(graph.gatewayUrl, 'mutation C($id: ID!) { confirmPickup(orderId: $id) { status } }', { id: orderId }, token.courier);
      // Delivery may not have heard of the packing yet: INVALID_STATE until it has.
      return res.data?.confirmPickup?.status === 'PICKED_UP';
    }, 'the pickup to be confirmed');
    await eventually(() => statusesOf(feed).includes('IN_TRANSIT'), 20_000, 'IN_TRANSIT on the screen');
    for (const metres of [100, 230, 360]) expect(await report(north(STORE, metres))).toEqual({ kept: true, skipped: null });
    // Tracking may hear of the assignment after the first report near the store: at least three name the order.
    await positions.count(3, 20_000);
    await must('mutation D($id: ID!) { confirmDelivery(orderId: $id, proof: "https://proof.example/photo.jpg") { status } }', { id: orderId }, token.courier);

    await eventually(() => statusesOf(feed).at(-1) === 'DELIVERED', 20_000, 'DELIVERED on the screen');
    const seen = statusesOf(feed);
    // The first result is the current state (CONFIRMED or already further); from there on, every step in order.
    expect(seen).toEqual(HAPPY_PATH.slice(HAPPY_PATH.indexOf(seen[0]!)));
    expect(HAPPY_PATH.indexOf(seen[0]!)).toBeLessThanOrEqual(HAPPY_PATH.indexOf('ASSIGNED_TO_STORE'));
    expect(feed.data.at(-1)).toEqual({
      orderUpdated: {
        id: orderId,
        status: 'DELIVERED',
        total: { amountCents: 450 + 2 * 289 },
        items: [
          { quantity: 1, product: { name: 'Sourdough Bread' } },
          { quantity: 2, product: { name: 'Salted Butter' } },
        ],
        store: { name: 'Life Dark Store' },
        pickTask: { status: 'PACKED' },
        delivery: { status: 'DELIVERED', courier: { name: 'Lena' } },
      },
    });

    // Positions of the active delivery streamed in, newest last, with an ETA while the order was on its way.
    const streamed = positions.data.map((d) => d.courierPosition);
    expect(streamed.length).toBeGreaterThanOrEqual(3);
    expect(streamed.map((p) => Date.parse(p.recordedAt))).toEqual([...streamed.map((p) => Date.parse(p.recordedAt))].sort((a, b) => a - b));
    expect(streamed.at(-1)).toMatchObject(north(STORE, 360));
    expect(streamed.filter((p) => p.eta !== null).length).toBeGreaterThanOrEqual(1);

    // The courier's own screen saw the rest of the order's life and the positions it sent.
    await eventually(() => statusesOf(courierFeed).at(-1) === 'DELIVERED', 20_000, 'DELIVERED on the courier’s screen');
    expect(statusesOf(courierFeed)).toEqual(HAPPY_PATH.slice(HAPPY_PATH.indexOf(statusesOf(courierFeed)[0]!)));
    expect(HAPPY_PATH.indexOf(statusesOf(courierFeed)[0]!)).toBeGreaterThanOrEqual(HAPPY_PATH.indexOf('ASSIGNED_TO_COURIER'));
    await courierPositions.count(3, 20_000);
    expect(courierPositions.data.at(-1)!.courierPosition).toMatchObject(north(STORE, 360));

    // Orders, the single writer of the status, recorded every step once, in order.
    const final = await must('query H($id: ID!) { order(id: $id) { status history { from to } } }', { id: orderId }, token.ada);
    expect(final.order.status).toBe('DELIVERED');
    expect(final.order.history).toEqual(HAPPY_PATH.map((to, i) => ({ from: i === 0 ? null : HAPPY_PATH[i - 1], to })));
    // And the courier is free again.
    expect((await must('{ courier(id: "cou_lena") { status } }', {}, token.courier)).courier).toEqual({ status: 'IDLE' });
  }, 120_000);

  it('when 100 screens follow one order, then each status change costs one fetch of the federated fields, not one per screen', async () => {
    const orderId = await placeOrder('life-100');
    await queued(orderId);

    // Count what the gateways ask catalog (product names) and fulfillment (the pick task).
    const calls = { catalog: 0, fulfillment: 0 };
    const counters = (['catalog', 'fulfillment'] as const).map((name) => {
      const count = (req: IncomingMessage) => {
        if (req.method === 'POST' && req.url?.startsWith('/graphql')) calls[name] += 1;
      };
      graph.subgraphs[name].server.httpServer.prependListener('request', count);
      return () => graph.subgraphs[name].server.httpServer.off('request', count);
    });
    try {
      // 100 subscriptions over 5 sockets (20 each, the per-connection limit), every one with its current state.
      const sockets = Array.from({ length: 5 }, () => connect(replica.url, token.ada));
      const feeds = sockets.flatMap((socket) => Array.from({ length: 20 }, () => follow(socket, FOLLOW_ORDER, { orderId })));
      await Promise.all(feeds.map((f) => f.count(1, 30_000)));
      expect(feeds.every((f) => f.data[0]!.orderUpdated.status === 'ASSIGNED_TO_STORE')).toBe(true);

      calls.catalog = 0;
      calls.fulfillment = 0;
      await must('mutation S($id: ID!) { startPicking(orderId: $id) { status } }', { id: orderId }, token.staff);
      await Promise.all(feeds.map((f) => f.until((r) => statusesOf(r).includes('PICKING'), 20_000, 'PICKING')));
      // Counted once the replica has nothing left to do for them: no event waiting, no read running or queued.
      await waitUntil(async () => {
        const health = (await (await fetch(replica.url.replace(/\/graphql$/, '/health'))).json()) as { live: { pendingEvents: number; readsInFlight: number; readsQueued: number } };
        return health.live.pendingEvents === 0 && health.live.readsInFlight === 0 && health.live.readsQueued === 0;
      }, 'the replica to finish its subscription work');

      // One startPicking through the gateway, one per-event fetch for all 100 screens.
      expect(calls).toEqual({ catalog: 1, fulfillment: 2 });
      expect(feeds.map((f) => f.data.at(-1)!.orderUpdated.pickTask)).toEqual(Array.from({ length: 100 }, () => ({ status: 'PICKING' })));
    } finally {
      for (const stop of counters) stop();
    }
  }, 90_000);
});
