import WebSocket from 'ws';
import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { addOrder, position, startShop, type RunningGateway, type Shop } from './testing/shop';
import { connectClient, eventually, follow, type Recorder, type TestClient } from './testing/client';

let deps: TestDeps;
let shop: Shop;
let gw: RunningGateway;
const clients: TestClient[] = [];

const HELD = { subscriptions: 0, topics: 0, groups: 0, payloadPlans: 0, readsInFlight: 0, natsSubscriptions: 0, natsRefs: 0, pendingEvents: 0 };
const held = () => {
  const { subscriptions, topics, groups, payloadPlans, readsInFlight, natsSubscriptions, natsRefs, pendingEvents } = gw.server.subscriptions.stats();
  return { subscriptions, topics, groups, payloadPlans, readsInFlight, natsSubscriptions, natsRefs, pendingEvents };
};
const allReleased = () => eventually(() => JSON.stringify(held()) === JSON.stringify(HELD), 10_000, `everything released (holding ${JSON.stringify(held())})`);

/** A bare graphql-ws connection, for behaviour the real client hides (no pong, a paused reader). */
async function rawConnection(url: string, token: string, opts: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(url, 'graphql-transport-ws', opts);
  const messages: { id?: string; type: string; payload?: any }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { token } }));
  await eventually(() => messages.some((m) => m.type === 'connection_ack'));
  return { socket, messages, closed };
}

beforeAll(async () => {
  deps = await createTestDeps('gwlifecycle', []);
  shop = await startShop(deps);
  // The backpressure test widens results with 120 aliases (2 KB each) to fill the socket's buffers fast.
  gw = await shop.startGateway({ LIMIT_MAX_ALIASES: '200' });
  addOrder(shop, { id: 'ord_life', customerId: 'cus_ada' });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await gw?.stop();
  await shop?.stop();
  await deps?.close();
});

describe('everything is released', () => {
  it('when clients subscribe and unsubscribe 1,000 times, then no subscription, topic, group or NATS subscription is left', async () => {
    const token = await shop.token({ sub: 'cus_ada', role: 'customer' });
    const sockets = Array.from({ length: 5 }, () => connectClient(gw.wsUrl, token));
    clients.push(...sockets);
    const selections = [
      'subscription { orderUpdated(orderId: "ord_life") { status } }',
      'subscription { orderUpdated(orderId: "ord_life") { status items { product { name } } } }',
      'subscription { courierPosition(orderId: "ord_life") { lat lng } }',
    ];
    let done = 0;
    for (let round = 0; round < 10; round += 1) {
      const feeds: Recorder[] = [];
      for (let i = 0; i < 100; i += 1) feeds.push(follow(sockets[i % 5]!, selections[i % 3]!));
      await eventually(() => gw.server.subscriptions.stats().subscriptions >= 100 || feeds.some((f) => f.error), 10_000, 'all joined');
      // Some leave at once (while their access check is in flight), the rest after their first result.
      await Promise.all(feeds.filter((_, i) => i % 3 !== 2 && i % 4 !== 0).map((f) => f.count(1)));
      for (const f of feeds) f.unsubscribe();
      done += feeds.length;
      await allReleased();
    }
    expect(done).toBe(1000);
    expect(held()).toEqual(HELD);
    // The sockets are still usable afterwards.
    const after = follow(sockets[0]!, selections[0]!);
    await after.count(1);
    after.unsubscribe();
    await allReleased();
  });

  it('when a client disconnects without completing its subscriptions, then they are released', async () => {
    const token = await shop.token({ sub: 'cus_ada', role: 'customer' });
    const socket = connectClient(gw.wsUrl, token);
    const feeds = [
      follow(socket, 'subscription { orderUpdated(orderId: "ord_life") { status } }'),
      follow(socket, 'subscription { courierPosition(orderId: "ord_life") { lat } }'),
    ];
    await feeds[0]!.count(1);
    await eventually(() => gw.server.subscriptions.stats().subscriptions === 2);
    const connections = async () => ((await (await fetch(gw.url.replace('/graphql', '/health'))).json()) as { live: { connections: number } }).live.connections;
    const before = await connections();
    socket.terminate();
    await allReleased();
    await eventually(async () => (await connections()) === before - 1, 5000, 'the connection forgotten');
  });

  it('when a socket stops answering pings, then the gateway terminates it and releases its subscriptions', async () => {
    const pinging = await shop.startGateway({ SUBSCRIPTIONS_KEEPALIVE_MS: '300' });
    try {
      const token = await shop.token({ sub: 'cus_ada', role: 'customer' });
      const { socket, messages, closed } = await rawConnection(pinging.wsUrl, token, { autoPong: false });
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { orderUpdated(orderId: "ord_life") { status } }' } }));
      await eventually(() => messages.some((m) => m.type === 'next'));
      expect(pinging.server.subscriptions.stats().subscriptions).toBe(1);
      expect(await closed).toBe(1006); // terminated, no close handshake
      await eventually(() => pinging.server.subscriptions.stats().subscriptions === 0 && pinging.server.subscriptions.stats().natsSubscriptions === 0);
    } finally {
      await pinging.stop();
    }
  });

  it('when the token expires, then the connection is closed with 4403 and its subscriptions released', async () => {
    const token = await shop.token({ sub: 'cus_ada', role: 'customer', expiresIn: '2s' });
    const socket = connectClient(gw.wsUrl, token);
    clients.push(socket);
    const feed = follow(socket, 'subscription { orderUpdated(orderId: "ord_life") { status } }');
    await feed.count(1);
    expect(await socket.whenClosed).toEqual({ code: 4403, reason: 'Token has expired' });
    await allReleased();
  });
});

describe('backpressure', () => {
  it('when a client reads too slowly, then its positions are coalesced to the newest and arrive in order', async () => {
    const token = await shop.token({ sub: 'cus_ada', role: 'customer' });
    const { socket, messages } = await rawConnection(gw.wsUrl, token);
    // About 2 KB per result, so the socket's buffers fill quickly.
    const wide = Array.from({ length: 120 }, (_, i) => `l${i}: lat`).join(' ');
    shop.resetCalls();
    socket.send(JSON.stringify({ id: 'p', type: 'subscribe', payload: { query: `subscription { courierPosition(orderId: "ord_life") { recordedAt ${wide} } }` } }));
    // Its access check answered: the subscription is live.
    await eventually(() => shop.calls.orders!.length === 1 && gw.server.subscriptions.stats().readsInFlight === 0);

    const before = gw.server.subscriptions.stats();
    const coalescedSince = () => gw.server.subscriptions.stats().coalesced - before.coalesced;
    const processedSince = () => gw.server.subscriptions.stats().events - before.events;
    const reader = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    reader.pause();
    // Publish until the socket's buffers are full and positions start being coalesced, then some more.
    let published = 0;
    const publishBatch = async () => {
      for (let i = 0; i < 100; i += 1) shop.publishPosition(position('ord_life', ++published));
      await eventually(() => processedSince() === published, 10_000, 'batch processed');
    };
    while (coalescedSince() === 0 && published < 50_000) await publishBatch();
    for (let i = 0; i < 3; i += 1) await publishBatch();
    const coalesced = coalescedSince();
    reader.resume();

    const lastLat = position('ord_life', published).lat;
    await eventually(() => messages.some((m) => m.type === 'next' && m.payload.data.courierPosition.l0 === lastLat), 20_000, 'the newest position');
    const lats = messages.filter((m) => m.type === 'next').map((m) => m.payload.data.courierPosition.l0 as number);
    expect(coalesced).toBeGreaterThanOrEqual(300);
    expect(lats.length + coalesced).toBe(published);
    expect([...lats].sort((x, y) => x - y)).toEqual(lats);
    expect(gw.server.subscriptions.stats().overflows).toBe(0);
    socket.close();
    await allReleased();
  }, 90_000);
});
