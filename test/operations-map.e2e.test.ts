/**
 * The operations map's live data on the real six subgraphs with their workers: the admins' city feeds
 * (`cityCouriers`, `storeLoadUpdated`) over the real graphql-ws client, and the numbers and lists the
 * map reads (`couriers`, `operationsSummary`, `ordersAwaitingCourier`). Issue 19.
 */
import { signDevToken } from '../gateway/src/auth';
import { connectClient, follow, type TestClient } from '../gateway/src/subscriptions/testing/client';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../subgraphs/orders/src/data';
import { createRepositories as deliveryRepos } from '../subgraphs/delivery/src/data';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

const STORE = { id: 'str_ops', lat: 52.52, lng: 13.405 };

let graph: RunningSupergraph;
const clients: TestClient[] = [];
const token = {} as Record<'admin' | 'ada' | 'courier', string>;

beforeAll(async () => {
  graph = await startSupergraph({
    workers: true,
    fixture: async (deps) => {
      await catalogRepos(deps.catalog.db).categories.upsertMany([{ id: 'cat_ops', name: 'Bakery', slug: 'bakery' }]);
      await catalogRepos(deps.catalog.db).products.upsertMany([
        { id: 'prd_roll', sku: 'OPS-1', name: 'Roll', description: '1 piece', categoryId: 'cat_ops', priceCents: 60, currency: 'EUR', imageUrl: null, tags: [] },
      ]);
      const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
      await availabilityRepos(deps.availability.db).stores.upsertMany([
        { id: STORE.id, name: 'Ops Dark Store', lat: STORE.lat, lng: STORE.lng, address: 'Alexanderplatz 1', deliveryRadiusMeters: 3000, capacity: 10, timezone: 'Europe/Berlin', openingHours: allDay },
      ]);
      await availabilityRepos(deps.availability.db).stock.upsertMany([{ storeId: STORE.id, productId: 'prd_roll', onHand: 50, reserved: 0 }]);
      await ordersRepos(deps.orders.db).customers.upsertMany([{ id: 'cus_ada', name: 'Ada', email: 'ada@example.com' }]);
      await deliveryRepos(deps.delivery.db).couriers.upsertMany([
        { id: 'cou_ops', name: 'Oli', vehicle: 'BICYCLE', rating: 4.7, status: 'OFFLINE', currentLoad: 0, homeStoreId: STORE.id },
        { id: 'cou_busy', name: 'Bea', vehicle: 'CAR', rating: 4.2, status: 'BUSY', currentLoad: 1, homeStoreId: STORE.id },
      ]);
    },
  });
  token.admin = await signDevToken(E2E_JWT_SECRET, { sub: 'ops', role: 'admin' });
  token.ada = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_ada', role: 'customer' });
  token.courier = await signDevToken(E2E_JWT_SECRET, { sub: 'cou_ops', role: 'courier', courierId: 'cou_ops' });
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await graph?.stop();
});

function connect(as: string): TestClient {
  const client = connectClient(graph.gatewayUrl.replace(/^http/, 'ws'), as);
  clients.push(client);
  return client;
}

async function must<T = any>(query: string, variables: Record<string, unknown>, as: string): Promise<T> {
  const res = await queryGateway<T>(graph.gatewayUrl, query, variables, as);
  if (res.errors?.length || !res.data) throw new Error(`${query.trim().split('\n')[0]} failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

describe("the operations map's live data", () => {
  it('when a courier goes online, reports a position and goes offline, then the admin city feed shows each change after the online couriers', async () => {
    const feed = follow(connect(token.admin), 'subscription { cityCouriers { id name vehicle status position { lat lng } } }');
    // Only the courier working at the start is sent first.
    await feed.count(1);
    expect(feed.data[0]).toEqual({ cityCouriers: { id: 'cou_busy', name: 'Bea', vehicle: 'CAR', status: 'BUSY', position: null } });

    await must('mutation { setCourierStatus(status: IDLE) { status } }', {}, token.courier);
    await feed.until((r) => r.data.some((d) => d.cityCouriers.id === 'cou_ops' && d.cityCouriers.status === 'IDLE'), 20_000, 'cou_ops IDLE');

    const at = { lat: 52.521, lng: 13.406 };
    const ack = await must('mutation R($input: ReportLocationInput!) { reportLocation(input: $input) { kept } }', { input: { ...at, recordedAt: new Date().toISOString() } }, token.courier);
    expect(ack.reportLocation.kept).toBe(true);
    await feed.until((r) => r.data.some((d) => d.cityCouriers.id === 'cou_ops' && d.cityCouriers.position?.lat === at.lat), 20_000, 'cou_ops position');

    await must('mutation { setCourierStatus(status: OFFLINE) { status } }', {}, token.courier);
    await feed.until((r) => r.data.at(-1)?.cityCouriers.status === 'OFFLINE', 20_000, 'cou_ops OFFLINE');
    expect(feed.data.filter((d) => d.cityCouriers.id === 'cou_ops').map((d) => d.cityCouriers.status)).toEqual(['IDLE', 'IDLE', 'OFFLINE']);

    const online = await must('{ couriers { id status } }', {}, token.admin);
    expect(online.couriers).toEqual([{ id: 'cou_busy', status: 'BUSY' }]);
  }, 60_000);

  it("when a customer orders, then the store's load rises on the admins' feed and the summary counts the order", async () => {
    const loads = follow(connect(token.admin), 'subscription { storeLoadUpdated { id name openTaskCount } }');
    await loads.count(1);
    expect(loads.data[0]).toEqual({ storeLoadUpdated: { id: STORE.id, name: 'Ops Dark Store', openTaskCount: 0 } });

    const placed = await must(
      'mutation P($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename } }',
      {
        input: {
          idempotencyKey: 'ops-map-1',
          items: [{ productId: 'prd_roll', quantity: 2 }],
          deliveryLocation: { lat: 52.523, lng: 13.405 },
          address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' },
          paymentMethod: 'card_visa_4242',
        },
      },
      token.ada,
    );
    expect(placed.placeOrder.__typename).toBe('OrderPlaced');
    await loads.until((r) => r.data.at(-1)?.storeLoadUpdated.openTaskCount === 1, 20_000, 'open task count 1');

    const summary = await must('{ operationsSummary { ordersPerMinute windowMinutes ordersToday deliveredToday medianOrderToDoorSeconds } }', {}, token.admin);
    expect(summary.operationsSummary).toEqual({ ordersPerMinute: 0.07, windowMinutes: 15, ordersToday: 1, deliveredToday: 0, medianOrderToDoorSeconds: null });
    // Not packed and not due yet: nobody is looking for a courier for it.
    expect((await must('{ ordersAwaitingCourier { order { id } } }', {}, token.admin)).ordersAwaitingCourier).toEqual([]);
  }, 60_000);

  it('when a customer asks for the city feeds, then both are refused', async () => {
    const couriers = follow(connect(token.ada), 'subscription { cityCouriers { id } }');
    const stores = follow(connect(token.ada), 'subscription { storeLoadUpdated { id } }');
    await couriers.ended();
    await stores.ended();
    expect(couriers.errorCodes).toEqual(['FORBIDDEN']);
    expect(stores.errorCodes).toEqual(['FORBIDDEN']);
  });
});
