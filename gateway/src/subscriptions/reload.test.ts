import { createTestDeps, type TestDeps } from '@qc/shared/testing';
import { addOrder, startShop, type RunningGateway, type Shop } from './testing/shop';
import { connectClient, eventually, follow, post, type TestClient } from './testing/client';

let deps: TestDeps;
let shop: Shop;
let gw: RunningGateway;
let client: TestClient;

beforeAll(async () => {
  deps = await createTestDeps('gwreload', []);
  shop = await startShop(deps);
  gw = await shop.startGateway({ SUPERGRAPH_WATCH: 'true' });
});

afterAll(async () => {
  await client?.dispose();
  await gw?.stop();
  await shop?.stop();
  await deps?.close();
});

it('when the supergraph is reloaded, then live subscriptions complete cleanly and a new subscription works on the new schema', async () => {
  addOrder(shop, { id: 'ord_reload', customerId: 'cus_ada' });
  client = connectClient(gw.wsUrl, await shop.token({ sub: 'cus_ada', role: 'customer' }));
  const before = [
    follow(client, 'subscription { orderUpdated(orderId: "ord_reload") { status } }'),
    follow(client, 'subscription { courierPosition(orderId: "ord_reload") { lat } }'),
  ];
  await before[0]!.count(1);
  await eventually(() => gw.server.subscriptions.stats().subscriptions === 2);

  shop.recompose({ catalog: '\nextend type Query { "Hand-picked products." featuredProducts: [Product!]! }\n' });
  await Promise.all(before.map((f) => f.ended(15_000)));
  expect(before.map((f) => [f.completed, f.error])).toEqual([
    [true, undefined],
    [true, undefined],
  ]);
  expect(client.closed).toBeUndefined();
  await eventually(() => gw.server.subscriptions.stats().subscriptions === 0 && gw.server.subscriptions.stats().natsSubscriptions === 0);

  // The same socket resubscribes: current state first, then changes.
  const after = follow(client, 'subscription { orderUpdated(orderId: "ord_reload") { status } }');
  await after.count(1);
  await post(gw.url, 'mutation { advanceOrder(id: "ord_reload", to: PICKING) { status } }', {}, await shop.token({ sub: 'ops', role: 'admin' }));
  await after.count(2);
  expect(after.data).toEqual([{ orderUpdated: { status: 'CONFIRMED' } }, { orderUpdated: { status: 'PICKING' } }]);
}, 60_000);
