import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { addOrder, position, startShop, type RunningGateway, type Shop } from './testing/shop';
import { connectClient, eventually, follow, post, type TestClient } from './testing/client';

let deps: TestDeps;
let shop: Shop;
let a: RunningGateway;
let b: RunningGateway;
const clients: TestClient[] = [];

beforeAll(async () => {
  deps = await createTestDeps('gwreplicas', []);
  shop = await startShop(deps);
  // Two replicas in one process, each with its own NATS connection, as two processes would have.
  [a, b] = await Promise.all([shop.startGateway(), shop.startGateway()]);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await Promise.all([a?.stop(), b?.stop()]);
  await shop?.stop();
  await deps?.close();
});

it('when the mutation goes to one gateway, then a subscriber on the other receives the change', async () => {
  addOrder(shop, { id: 'ord_two', customerId: 'cus_ada' });
  const onA = connectClient(a.wsUrl, await shop.token({ sub: 'cus_ada', role: 'customer' }));
  clients.push(onA);
  const feed = follow(onA, 'subscription { orderUpdated(orderId: "ord_two") { status items { product { name } } } }');
  await feed.count(1);

  const res = await post(b.url, 'mutation { advanceOrder(id: "ord_two", to: PICKING) { status } }', {}, await shop.token({ sub: 'ops', role: 'admin' }));
  expect(res.errors).toBeUndefined();
  await feed.count(2);
  expect(feed.data[1]).toEqual({ orderUpdated: { status: 'PICKING', items: [{ product: { name: 'Bananas' } }, { product: { name: 'Apples' } }] } });
  // Only the replica with a subscriber holds NATS subscriptions for it: orders.status_changed.* and, for a
  // publisher from before status tokens, orders.status_changed.
  expect(a.server.subscriptions.stats().natsSubscriptions).toBe(2);
  expect(b.server.subscriptions.stats().natsSubscriptions).toBe(0);
  feed.unsubscribe();
  await eventually(() => a.server.subscriptions.stats().subscriptions === 0);
});

it('when subscribers of one topic sit on both replicas, then each replica fans out the one event to its own', async () => {
  addOrder(shop, { id: 'ord_both', customerId: 'cus_ada' });
  const token = await shop.token({ sub: 'cus_ada', role: 'customer' });
  const onA = connectClient(a.wsUrl, token);
  const onB = connectClient(b.wsUrl, token);
  clients.push(onA, onB);
  shop.resetCalls();
  const feeds = [onA, onB].map((c) => follow(c, 'subscription { courierPosition(orderId: "ord_both") { lat } }'));
  // Both access checks answered: both subscriptions are live.
  await eventually(() => shop.calls.orders!.length === 2 && [a, b].every((g) => g.server.subscriptions.stats().readsInFlight === 0));
  shop.publishPosition(position('ord_both', 5));
  await Promise.all(feeds.map((f) => f.count(1)));
  const { lat } = position('ord_both', 5);
  expect(feeds.map((f) => f.data[0])).toEqual([{ courierPosition: { lat } }, { courierPosition: { lat } }]);
});
