import { randomUUID } from 'node:crypto';
import { postGraphQL } from '@qc/shared/testing';
import { signDevToken } from '../gateway/src/auth';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../subgraphs/orders/src/data';
import { createRepositories as fulfillmentRepos } from '../subgraphs/fulfillment/src/data';
import { createRepositories as deliveryRepos } from '../subgraphs/delivery/src/data';
import { createRepositories as trackingRepos } from '../subgraphs/tracking/src/data';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/** A small city: one store, two products, one customer's order on its way with a courier. */
async function loadFixture(g: RunningSupergraph) {
  await catalogRepos(g.deps.catalog.db).categories.upsertMany([{ id: 'cat_fruit', name: 'Fruit', slug: 'fruit' }]);
  await catalogRepos(g.deps.catalog.db).products.upsertMany([
    { id: 'prd_banana', sku: 'F-1', name: 'Bananas', description: 'Fairtrade, 1 kg', categoryId: 'cat_fruit', priceCents: 199, currency: 'EUR', imageUrl: null, tags: ['fairtrade'] },
    { id: 'prd_apple', sku: 'F-2', name: 'Apples', description: 'Elstar, 1 kg', categoryId: 'cat_fruit', priceCents: 299, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' }));
  await availabilityRepos(g.deps.availability.db).stores.upsertMany([
    { id: 'str_mitte', name: 'Mitte Dark Store', lat: 52.52, lng: 13.405, address: 'Alexanderplatz 1', deliveryRadiusMeters: 3000, capacity: 20, timezone: 'Europe/Berlin', openingHours: allDay },
  ]);
  await availabilityRepos(g.deps.availability.db).stock.upsertMany([
    { storeId: 'str_mitte', productId: 'prd_banana', onHand: 40, reserved: 2 },
    { storeId: 'str_mitte', productId: 'prd_apple', onHand: 10, reserved: 0 },
  ]);
  const orders = ordersRepos(g.deps.orders.db);
  await orders.customers.upsertMany([
    { id: 'cus_ada', name: 'Ada', email: 'ada@example.com' },
    { id: 'cus_bob', name: 'Bob', email: 'bob@example.com' },
  ]);
  const statuses = ['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER'] as const;
  await orders.orders.insertMany([
    {
      id: 'ord_ada1',
      customerId: 'cus_ada',
      storeId: 'str_mitte',
      courierId: 'cou_kim',
      status: 'ASSIGNED_TO_COURIER',
      currency: 'EUR',
      totalCents: 2 * 199 + 299,
      address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', lat: 52.529, lng: 13.401 },
      placedAt: minutesAgo(20),
      updatedAt: minutesAgo(2),
      items: [
        { productId: 'prd_banana', quantity: 2, unitPriceCents: 199, currency: 'EUR' },
        { productId: 'prd_apple', quantity: 1, unitPriceCents: 299, currency: 'EUR' },
      ],
      history: statuses.map((to, i) => ({ from: i === 0 ? null : statuses[i - 1]!, to, actor: 'e2e', reason: null, at: minutesAgo(20 - i * 3) })),
    },
  ]);
  await fulfillmentRepos(g.deps.fulfillment.db).pickTasks.insertMany([
    { id: 'pck_ada1', orderId: 'ord_ada1', customerId: 'cus_ada', storeId: 'str_mitte', status: 'PACKED', promisedReadyAt: minutesAgo(5), startedAt: minutesAgo(11), packedAt: minutesAgo(6), createdAt: minutesAgo(14) },
  ]);
  await deliveryRepos(g.deps.delivery.db).couriers.upsertMany([
    { id: 'cou_kim', name: 'Kim', vehicle: 'E_BIKE', rating: 4.8, status: 'BUSY', currentLoad: 1, homeStoreId: 'str_mitte' },
  ]);
  await deliveryRepos(g.deps.delivery.db).deliveries.insertMany([
    { id: 'dlv_ada1', orderId: 'ord_ada1', courierId: 'cou_kim', status: 'ASSIGNED', assignedAt: minutesAgo(2), pickedUpAt: null, deliveredAt: null, proofOfDelivery: null },
  ]);
  // What delivery and tracking learn from orders.confirmed and delivery.assigned: who is party to the delivery.
  await deliveryRepos(g.deps.delivery.db).dispatchJobs.recordConfirmedMany([{ orderId: 'ord_ada1', storeId: 'str_mitte', dropoff: { lat: 52.529, lng: 13.401 }, confirmedAt: minutesAgo(20), customerId: 'cus_ada' }]);
  const t = g.deps.tracking;
  const tracked = trackingRepos(t.db, t.redis, t.namespace).deliveries;
  await tracked.recordCustomers([{ orderId: 'ord_ada1', customerId: 'cus_ada' }]);
  await tracked.recordAssigned({
    deliveryId: 'dlv_ada1',
    orderId: 'ord_ada1',
    courierId: 'cou_kim',
    storeId: 'str_mitte',
    storeLocation: { lat: 52.52, lng: 13.405 },
    dropoffLocation: { lat: 52.529, lng: 13.401 },
    vehicle: 'E_BIKE',
    at: minutesAgo(2),
  });
  await trackingRepos(t.db, t.redis, t.namespace).positions.saveLatest([
    { courierId: 'cou_kim', lat: 52.521, lng: 13.406, heading: 90, speed: 4.2, recordedAt: minutesAgo(0.1) },
  ]);
}

beforeAll(async () => {
  graph = await startSupergraph();
  await loadFixture(graph);
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

const ORDER_ACROSS_THE_GRAPH = /* GraphQL */ `
  query OrderAcrossTheGraph($id: ID!) {
    order(id: $id) {
      status
      total { amountCents currency }
      customer { name }
      items {
        quantity
        product { name category { name } stockLevels { available store { name } } }
      }
      store { name isOpen }
      pickTask { status isLate }
      delivery { status courier { name vehicle position { lat lng } } }
      history { to }
    }
  }
`;

describe('the supergraph end to end', () => {
  it('when a customer looks at their order, then one query walks all six subgraphs', async () => {
    const token = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_ada', role: 'customer' });
    const res = await queryGateway(graph.gatewayUrl, ORDER_ACROSS_THE_GRAPH, { id: 'ord_ada1' }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.order).toEqual({
      status: 'ASSIGNED_TO_COURIER',
      total: { amountCents: 697, currency: 'EUR' },
      customer: { name: 'Ada' },
      items: [
        { quantity: 2, product: { name: 'Bananas', category: { name: 'Fruit' }, stockLevels: [{ available: 38, store: { name: 'Mitte Dark Store' } }] } },
        { quantity: 1, product: { name: 'Apples', category: { name: 'Fruit' }, stockLevels: [{ available: 10, store: { name: 'Mitte Dark Store' } }] } },
      ],
      store: { name: 'Mitte Dark Store', isOpen: true },
      pickTask: { status: 'PACKED', isLate: false },
      delivery: { status: 'ASSIGNED', courier: { name: 'Kim', vehicle: 'E_BIKE', position: { lat: 52.521, lng: 13.406 } } },
      history: ['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER'].map((to) => ({ to })),
    });
  });

  it('when another customer asks for that order, then the gateway answers null and no order data, as for an unknown id', async () => {
    const token = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_bob', role: 'customer' });
    const res = await queryGateway(graph.gatewayUrl, ORDER_ACROSS_THE_GRAPH, { id: 'ord_ada1' }, token);
    expect(res.data).toEqual({ order: null });
    expect(res.errors).toBeUndefined();
  });

  it('when nobody is signed in, then asking for an order is UNAUTHENTICATED', async () => {
    const res = await queryGateway(graph.gatewayUrl, ORDER_ACROSS_THE_GRAPH, { id: 'ord_ada1' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when a customer lists their orders, then the identity reached the orders subgraph through the gateway', async () => {
    const ada = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_ada', role: 'customer' });
    const bob = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_bob', role: 'customer' });
    const query = '{ myOrders(first: 5) { totalCount edges { node { id } } } }';
    expect((await queryGateway(graph.gatewayUrl, query, {}, ada)).data).toEqual({ myOrders: { totalCount: 1, edges: [{ node: { id: 'ord_ada1' } }] } });
    expect((await queryGateway(graph.gatewayUrl, query, {}, bob)).data).toEqual({ myOrders: { totalCount: 0, edges: [] } });
  });

  it('when someone calls a subgraph directly with a forged identity header, then it is refused', async () => {
    const forgedIdentity = Buffer.from(JSON.stringify({ sub: 'cus_ada', role: 'customer' })).toString('base64url');
    for (const url of Object.values(graph.subgraphUrls)) {
      const unsigned = await postGraphQL(url, '{ __typename }', {}, { sign: false, headers: { 'x-qc-identity': forgedIdentity, 'x-request-id': randomUUID() } });
      expect(unsigned.status).toBe(401);
      expect(unsigned.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
