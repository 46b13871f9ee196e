import { randomUUID } from 'node:crypto';
import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { EventBus, SUBJECTS } from '@qc/shared';
import { SignJWT } from 'jose';
import { addOrder, position, SHOP_JWT_SECRET, startShop, type RunningGateway, type Shop } from './testing/shop';
import { connectClient, eventually, follow, post, type Recorder, type TestClient } from './testing/client';

let deps: TestDeps;
let shop: Shop;
let gw: RunningGateway;
const clients: TestClient[] = [];

const client = (token?: string) => {
  const c = connectClient(gw.wsUrl, token);
  clients.push(c);
  return c;
};

const ada = () => shop.token({ sub: 'cus_ada', role: 'customer' });
const bob = () => shop.token({ sub: 'cus_bob', role: 'customer' });
const admin = () => shop.token({ sub: 'ops', role: 'admin' });

const ORDER_ACROSS_THE_GRAPH = /* GraphQL */ `
  subscription Follow($id: ID!) {
    orderUpdated(orderId: $id) {
      status
      items { quantity product { name } }
      delivery { courier { name rating } }
    }
  }
`;

const advance = async (id: string, to: string) => {
  const res = await post(gw.url, 'mutation($id: ID!, $to: OrderStatus!) { advanceOrder(id: $id, to: $to) { status } }', { id, to }, await admin());
  expect(res.errors).toBeUndefined();
};

beforeAll(async () => {
  deps = await createTestDeps('gwlive', []);
  shop = await startShop(deps);
  gw = await shop.startGateway({ SUBSCRIPTIONS_MAX_PER_CONNECTION: '20' });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

afterAll(async () => {
  await gw?.stop();
  await shop?.stop();
  await deps?.close();
});

describe('live subscriptions through the gateway', () => {
  it('when a customer follows their order, then the current state comes first and every status follows in order, with fields from three subgraphs', async () => {
    addOrder(shop, { id: 'ord_walk', customerId: 'cus_ada' });
    const feed = follow(client(await ada()), ORDER_ACROSS_THE_GRAPH, { id: 'ord_walk' });
    await feed.count(1);
    expect(feed.data[0]).toEqual({
      orderUpdated: {
        status: 'CONFIRMED',
        items: [
          { quantity: 2, product: { name: 'Bananas' } },
          { quantity: 1, product: { name: 'Apples' } },
        ],
        delivery: null,
      },
    });

    const steps = ['ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED'];
    for (const to of steps) {
      if (to === 'ASSIGNED_TO_COURIER') shop.orders.get('ord_walk')!.courierId = 'cou_kim';
      await advance('ord_walk', to);
    }
    await feed.count(1 + steps.length);
    expect(feed.data.map((d) => d.orderUpdated.status)).toEqual(['CONFIRMED', ...steps]);
    expect(feed.data.at(-1)!.orderUpdated.delivery).toEqual({ courier: { name: 'Kim', rating: 4.8 } });
  });

  it('when the order moves on before the fetch, then every status still arrives, in order', async () => {
    addOrder(shop, { id: 'ord_fast', customerId: 'cus_ada' });
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_fast") { status items { quantity } } }');
    await feed.count(1);
    // Three changes published back to back: the fetches see the last state, the event says which step it was.
    const order = shop.orders.get('ord_fast')!;
    for (const to of ['ASSIGNED_TO_STORE', 'PICKING', 'PACKED']) {
      const from = order.status;
      order.status = to;
      await shop.publish(SUBJECTS.ordersStatusChanged, { orderId: 'ord_fast', customerId: 'cus_ada', storeId: 'str_mitte', from, to, actor: 't', reason: null, at: new Date().toISOString() });
    }
    await feed.count(4);
    expect(feed.data.map((d) => d.orderUpdated.status)).toEqual(['CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED']);
  });

  it('when the relay sent a status change in a pack with another order’s, then the order’s statuses arrive, in order', async () => {
    addOrder(shop, { id: 'ord_pack', customerId: 'cus_ada' });
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_pack") { status } }');
    await feed.count(1);
    const order = shop.orders.get('ord_pack')!;
    const at = new Date().toISOString();
    const move = (orderId: string, from: string, to: string) => ({
      id: randomUUID(),
      subject: SUBJECTS.ordersStatusChanged,
      occurredAt: at,
      data: { orderId, customerId: 'cus_ada', storeId: 'str_mitte', from, to, actor: 't', reason: null, at },
    });
    order.status = 'ASSIGNED_TO_STORE';
    // A pack holds events of one NATS subject, so of one status (`SUBJECT_TOKENS`).
    await deps.events.publishPack([move('ord_pack', 'CONFIRMED', 'ASSIGNED_TO_STORE'), move('ord_pack_other', 'CONFIRMED', 'ASSIGNED_TO_STORE')]);
    await feed.count(2);
    order.status = 'PICKING';
    await deps.events.publish(move('ord_pack', 'ASSIGNED_TO_STORE', 'PICKING'));
    await feed.count(3);
    expect(feed.data.map((d) => d.orderUpdated.status)).toEqual(['CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING']);
  });

  it('when courier positions are reported, then they stream in from the payload without a subgraph call', async () => {
    addOrder(shop, { id: 'ord_pos', customerId: 'cus_ada' });
    shop.resetCalls();
    const feed = follow(client(await ada()), 'subscription { courierPosition(orderId: "ord_pos") { lat lng recordedAt eta { minutesRemaining } } }');
    // Subscribed once its access check has been answered; from then on no subgraph is called.
    await eventually(() => shop.calls.orders!.length === 1 && gw.server.subscriptions.stats().readsInFlight === 0);
    expect(shop.calls.orders).toEqual([{ sub: 'cus_ada', role: 'customer' }]);
    shop.resetCalls();
    const reports = [0, 1, 2].map((n) => position('ord_pos', n));
    for (const [n, report] of reports.entries()) {
      shop.publishPosition(position('ord_other', n));
      shop.publishPosition(report);
      // A burst would be coalesced to its newest position (see the backpressure test); one at a time, all arrive.
      await feed.count(n + 1);
    }
    expect(feed.data).toEqual(reports.map((r) => ({ courierPosition: { lat: r.lat, lng: r.lng, recordedAt: r.recordedAt, eta: { minutesRemaining: 10 } } })));
    expect(Object.values(shop.calls).flat()).toHaveLength(0);
  });

  it("when tracking sends the positions of several orders as one pack, then each order's subscriber gets its own", async () => {
    const orders = ['ord_pk_1', 'ord_pk_2', 'ord_pk_3'];
    for (const id of orders) addOrder(shop, { id, customerId: 'cus_ada' });
    shop.resetCalls();
    const adas = client(await ada());
    const feeds = orders.map((id) => follow(adas, `subscription { courierPosition(orderId: "${id}") { lat } }`));
    await eventually(() => shop.calls.orders!.length === orders.length && gw.server.subscriptions.stats().readsInFlight === 0);
    // Tracking's bus holds what follows its first position for its spacing, then sends it as one pack.
    const tracking = new EventBus(deps.nats, deps.events.prefix, 1, { liveSpacingMs: 60_000 });
    tracking.publishLive(SUBJECTS.trackingPosition, position('ord_pk_0'));
    orders.forEach((id, n) => tracking.publishLive(SUBJECTS.trackingPosition, position(id, n + 1)));
    tracking.flushLive();
    await Promise.all(feeds.map((feed) => feed.count(1)));
    expect(feeds.map((feed) => feed.data)).toEqual(orders.map((id, n) => [{ courierPosition: { lat: position(id, n + 1).lat } }]));
  });

  it("when another customer follows the order, then the subscription is refused with FORBIDDEN and receives nothing", async () => {
    addOrder(shop, { id: 'ord_private', customerId: 'cus_ada' });
    const bobs = client(await bob());
    const status = follow(bobs, 'subscription { orderUpdated(orderId: "ord_private") { status } }');
    const positions = follow(bobs, 'subscription { courierPosition(orderId: "ord_private") { lat } }');
    await status.ended();
    await positions.ended();
    expect(status.errorCodes).toEqual(['FORBIDDEN']);
    expect(positions.errorCodes).toEqual(['FORBIDDEN']);
    // The owner, following the same order, sees the update: the event went out while the refused feeds got nothing.
    const owner = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_private") { status } }');
    await owner.count(1);
    shop.publishPosition(position('ord_private'));
    await advance('ord_private', 'PICKING');
    await owner.until((r) => r.data.some((d) => d.orderUpdated.status === 'PICKING'), 10_000, 'the PICKING update');
    expect(status.results).toEqual([]);
    expect(positions.results).toEqual([]);
  });

  it('when the order does not exist, then the subscription is refused with NOT_FOUND', async () => {
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_nope") { status } }');
    await feed.ended();
    expect(feed.errorCodes).toEqual(['NOT_FOUND']);
  });

  it('when the token is forged, then the socket is closed with 4403 Forbidden', async () => {
    const forged = connectClient(gw.wsUrl, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.bad');
    clients.push(forged);
    await eventually(() => forged.closed !== undefined);
    expect(forged.closed).toEqual({ code: 4403, reason: 'Token is not valid' });
  });

  it('when the token carries no expiry, then the socket is closed with 4403 at connection_init', async () => {
    const noExp = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('cus_ada').setIssuedAt().sign(new TextEncoder().encode(SHOP_JWT_SECRET));
    expect(await client(noExp).whenClosed).toEqual({ code: 4403, reason: 'Token must carry an expiry (exp)' });
  });

  it('when a subscription argument carries a NUL byte, then it is refused with BAD_USER_INPUT before anything is looked up', async () => {
    shop.resetCalls();
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_\\u0000") { status } }');
    await feed.ended();
    expect(feed.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(Object.values(shop.calls).flat()).toEqual([]);
  });

  it('when nobody signed in, then a subscription is refused with UNAUTHENTICATED', async () => {
    const feed = follow(client(), 'subscription { orderUpdated(orderId: "ord_walk") { status } }');
    await feed.ended();
    expect(feed.errorCodes).toEqual(['UNAUTHENTICATED']);
  });

  it('when the selection reaches a field the subscriber may not read, then the subscription is refused', async () => {
    addOrder(shop, { id: 'ord_phone', customerId: 'cus_ada', courierId: 'cou_kim' });
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_phone") { status delivery { courier { phone } } } }');
    await feed.ended();
    expect(feed.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('when a field the subscriber may not read appears only later, then the shared fetch still reads it as the subscriber and does not leak it', async () => {
    addOrder(shop, { id: 'ord_later', customerId: 'cus_ada' });
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_later") { status delivery { courier { name phone } } } }');
    await feed.count(1);
    expect(feed.data[0]).toEqual({ orderUpdated: { status: 'CONFIRMED', delivery: null } });
    shop.orders.get('ord_later')!.courierId = 'cou_kim';
    await advance('ord_later', 'ASSIGNED_TO_COURIER');
    await feed.count(2);
    expect(JSON.stringify(feed.results[1])).not.toContain('+49');
    expect(feed.results[1]!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('when staff follow their store queue, then they get the open tasks first and then each new or changed task; other staff are refused', async () => {
    shop.tasks.set('pck_open', { id: 'pck_open', orderId: 'ord_q1', storeId: 'str_q', status: 'QUEUED' });
    const staff = await shop.token({ sub: 'stf_1', role: 'store_staff', storeId: 'str_q' });
    const feed = follow(client(staff), 'subscription { storeQueueUpdated(storeId: "str_q") { id status order { id } } }');
    await feed.count(1);
    expect(feed.data[0]).toEqual({ storeQueueUpdated: { id: 'pck_open', status: 'QUEUED', order: { id: 'ord_q1' } } });

    const created = await post(gw.url, 'mutation { queueTask(orderId: "ord_q2", storeId: "str_q") { id } }', {}, await admin());
    const taskId = created.data.queueTask.id as string;
    await post(gw.url, 'mutation($id: ID!) { startPicking(taskId: $id) { id } }', { id: taskId }, await admin());
    await feed.count(3);
    expect(feed.data.slice(1)).toEqual([
      { storeQueueUpdated: { id: taskId, status: 'QUEUED', order: { id: 'ord_q2' } } },
      { storeQueueUpdated: { id: taskId, status: 'PICKING', order: { id: 'ord_q2' } } },
    ]);

    const other = await shop.token({ sub: 'stf_2', role: 'store_staff', storeId: 'str_elsewhere' });
    const refused = follow(client(other), 'subscription { storeQueueUpdated(storeId: "str_q") { id } }');
    await refused.ended();
    expect(refused.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('when a courier follows their offers, then each offer made to them arrives and others do not; a customer is refused', async () => {
    addOrder(shop, { id: 'ord_offer', customerId: 'cus_ada' });
    const kim = await shop.token({ sub: 'cou_kim', role: 'courier' });
    shop.resetCalls();
    const feed = follow(client(kim), 'subscription { deliveryOffers { id attempt status order { id status } } }');
    // The current state (no pending offer yet) has been read: the subscription is live.
    await eventually(() => shop.calls.delivery!.length === 1 && gw.server.subscriptions.stats().readsInFlight === 0);
    await post(gw.url, 'mutation { offerDelivery(orderId: "ord_offer", courierId: "cou_lee") { id } }', {}, await admin());
    const made = await post(gw.url, 'mutation { offerDelivery(orderId: "ord_offer", courierId: "cou_kim") { id } }', {}, await admin());
    await feed.count(1);
    expect(feed.data).toEqual([{ deliveryOffers: { id: made.data.offerDelivery.id, attempt: 1, status: 'PENDING', order: { id: 'ord_offer', status: 'CONFIRMED' } } }]);

    const refused = follow(client(await ada()), 'subscription { deliveryOffers { id } }');
    await refused.ended();
    expect(refused.errorCodes).toEqual(['FORBIDDEN']);
  });

  it('when 100 subscribers follow one order, then each event costs one fetch of the non-event fields per subgraph', async () => {
    addOrder(shop, { id: 'ord_crowd', customerId: 'cus_ada', courierId: 'cou_kim' });
    const token = await ada();
    const feeds: Recorder[] = [];
    for (let c = 0; c < 5; c += 1) {
      const socket = client(token);
      // Same selection, different aliases, names and layout: one group.
      for (let i = 0; i < 20; i += 1) {
        feeds.push(follow(socket, `subscription S${i} { o${i % 3}: orderUpdated(orderId: "ord_crowd") { status items { quantity product { name } } delivery { courier { name rating } } } }`));
      }
    }
    await Promise.all(feeds.map((f) => f.count(1)));
    const stats = gw.server.subscriptions.stats();
    expect(stats.subscriptions).toBe(100);
    expect(stats.groups).toBe(1);

    shop.resetCalls();
    await advance('ord_crowd', 'PICKING');
    await Promise.all(feeds.map((f) => f.count(2)));
    // The mutation itself is one orders call; the update is one orders, one catalog, one delivery call.
    expect(shop.calls.orders).toHaveLength(2);
    expect(shop.calls.catalog).toHaveLength(1);
    expect(shop.calls.delivery).toHaveLength(1);
    expect(feeds.every((f) => JSON.stringify(Object.values(f.data[1]!)[0]) === JSON.stringify(Object.values(feeds[0]!.data[1]!)[0]))).toBe(true);
    // The fetch ran as the customer audience, not as a trusted superuser.
    expect(shop.calls.catalog![0]).toEqual({ sub: 'cus_ada', role: 'customer' });
  });

  it('when a subscriber selects only what the event carries, then nothing is fetched per event', async () => {
    addOrder(shop, { id: 'ord_thin', customerId: 'cus_ada' });
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "ord_thin") { __typename id status } }');
    await feed.count(1);
    shop.resetCalls();
    await advance('ord_thin', 'PICKING');
    await feed.count(2);
    expect(feed.data[1]).toEqual({ orderUpdated: { __typename: 'Order', id: 'ord_thin', status: 'PICKING' } });
    expect(shop.calls.orders).toHaveLength(1); // the mutation only
  });

  it('when a connection opens one subscription more than the limit, then that one is refused and the others keep running', async () => {
    addOrder(shop, { id: 'ord_limit', customerId: 'cus_ada' });
    const socket = client(await ada());
    const feeds = Array.from({ length: 20 }, () => follow(socket, 'subscription { orderUpdated(orderId: "ord_limit") { status } }'));
    await Promise.all(feeds.map((f) => f.count(1)));
    const extra = follow(socket, 'subscription { orderUpdated(orderId: "ord_limit") { status } }');
    await extra.ended();
    expect(extra.errorCodes).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    feeds[0]!.unsubscribe();
    const again = follow(socket, 'subscription { orderUpdated(orderId: "ord_limit") { status } }');
    await again.count(1);
  });

  it('when a query comes over the WebSocket or a subscription over HTTP, then each is told where it belongs', async () => {
    const overWs = follow(client(await ada()), '{ order(id: "ord_walk") { status } }');
    await overWs.ended();
    expect((overWs.error as { message: string }[])[0]!.message).toMatch(/over HTTP POST/);
    const overHttp = await post(gw.url, 'subscription { orderUpdated(orderId: "ord_walk") { status } }', {}, await ada());
    expect(overHttp.status).toBe(400);
    expect(overHttp.errors?.[0]?.message).toMatch(/WebSocket/);
  });

  it('when the subscription document is invalid, then the validation error comes back', async () => {
    const feed = follow(client(await ada()), 'subscription { orderUpdated(orderId: "x") { nope } }');
    await feed.ended();
    expect((feed.error as { message: string }[])[0]!.message).toMatch(/Cannot query field "nope"/);
  });
});
