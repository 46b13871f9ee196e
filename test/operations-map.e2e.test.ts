/**
 * The operations map's live data on the real six subgraphs with their workers: the admins' city feeds
 * (`cityCouriers`, `storeLoadUpdated`) over the real graphql-ws client, and the numbers and lists the
 * map reads (`couriers`, `operationsSummary`, `ordersAwaitingCourier`). Issue 19.
 */
import { signDevToken } from '../gateway/src/auth';
import { connectClient, follow, type TestClient } from '../gateway/src/subscriptions/testing/client';
import { createRepositories as deliveryRepos } from '../subgraphs/delivery/src/data';
import { loadShop, placeShopOrder, SHOP_CUSTOMER, SHOP_STORE } from './support/shop';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
const clients: TestClient[] = [];
const token = {} as Record<'admin' | 'customer' | 'courier', string>;

beforeAll(async () => {
  graph = await startSupergraph({
    workers: true,
    fixture: async (deps) => {
      await loadShop(deps);
      await deliveryRepos(deps.delivery.db).couriers.upsertMany([
        { id: 'cou_ops', name: 'Oli', vehicle: 'BICYCLE', rating: 4.7, status: 'OFFLINE', currentLoad: 0, homeStoreId: SHOP_STORE.id },
        { id: 'cou_busy', name: 'Bea', vehicle: 'CAR', rating: 4.2, status: 'BUSY', currentLoad: 1, homeStoreId: SHOP_STORE.id },
      ]);
    },
  });
  token.admin = await signDevToken(E2E_JWT_SECRET, { sub: 'ops', role: 'admin' });
  token.customer = await signDevToken(E2E_JWT_SECRET, { sub: SHOP_CUSTOMER, role: 'customer' });
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
    expect(loads.data[0]).toEqual({ storeLoadUpdated: { id: SHOP_STORE.id, name: 'Obs Dark Store', openTaskCount: 0 } });

    await placeShopOrder(graph.gatewayUrl, token.customer, 'ops-map-1');
    await loads.until((r) => r.data.at(-1)?.storeLoadUpdated.openTaskCount === 1, 20_000, 'open task count 1');

    const summary = await must('{ operationsSummary { ordersPerMinute windowMinutes ordersToday deliveredToday medianOrderToDoorSeconds } }', {}, token.admin);
    expect(summary.operationsSummary).toEqual({ ordersPerMinute: 0.07, windowMinutes: 15, ordersToday: 1, deliveredToday: 0, medianOrderToDoorSeconds: null });
    // Not packed and not due yet: nobody is looking for a courier for it.
    expect((await must('{ ordersAwaitingCourier { order { id } } }', {}, token.admin)).ordersAwaitingCourier).toEqual([]);
  }, 60_000);

  it('when a customer asks for the city feeds, then both are refused', async () => {
    const couriers = follow(connect(token.customer), 'subscription { cityCouriers { id } }');
    const stores = follow(connect(token.customer), 'subscription { storeLoadUpdated { id } }');
    await couriers.ended();
    await stores.ended();
    expect(couriers.errorCodes).toEqual(['FORBIDDEN']);
    expect(stores.errorCodes).toEqual(['FORBIDDEN']);
  });
});
