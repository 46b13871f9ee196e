/**
 * Placing orders through the gateway on the real six subgraphs: no oversell under a stampede, one
 * order per idempotency key under concurrent retries, and payment failures that give the stock back.
 */
import { startConsumer, SUBJECTS, type EventEnvelope, type RunningConsumer } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../subgraphs/orders/src/data';
import { SimulatedPaymentProvider, TEST_PAYMENT_METHODS } from '../subgraphs/orders/src/data/payment-provider';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
const provider = new SimulatedPaymentProvider();
const CUSTOMERS = Array.from({ length: 50 }, (_, i) => `cus_e2e_${String(i).padStart(3, '0')}`);
const tokens = new Map<string, string>();
const STORE = { id: 'str_e2e', lat: 52.52, lng: 13.405 };
const NEAR = { lat: 52.529, lng: 13.401 };
const ADDRESS = { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' };

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on OrderPlaced { order { id status store { id } total { amountCents } } }
      ... on OutOfStock { order { id status } items { product { id } requested available } }
      ... on PaymentDeclined { reason order { id status } }
      ... on NotDeliverable { reason }
      ... on InvalidOrderInput { message }
    }
  }
`;

async function loadFixture(g: RunningSupergraph) {
  await catalogRepos(g.deps.catalog.db).categories.upsertMany([{ id: 'cat_e2e', name: 'Pantry', slug: 'pantry' }]);
  await catalogRepos(g.deps.catalog.db).products.upsertMany(
    [
      ['prd_last', 'Last Jar of Honey', 500],
      ['prd_rice', 'Rice', 249],
      ['prd_oil', 'Olive Oil', 899],
    ].map(([id, name, priceCents], i) => ({ id: id as string, sku: `E2E-${i}`, name: name as string, description: `${name} for the e2e test`, categoryId: 'cat_e2e', priceCents: priceCents as number, currency: 'EUR', imageUrl: null, tags: [] })),
  );
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '23:59' }));
  await availabilityRepos(g.deps.availability.db).stores.upsertMany([
    { id: STORE.id, name: 'E2E Dark Store', lat: STORE.lat, lng: STORE.lng, address: 'Alexanderplatz 1', deliveryRadiusMeters: 3000, capacity: 50, timezone: 'Europe/Berlin', openingHours: allDay },
  ]);
  await availabilityRepos(g.deps.availability.db).stock.upsertMany([
    { storeId: STORE.id, productId: 'prd_last', onHand: 5, reserved: 0 },
    { storeId: STORE.id, productId: 'prd_rice', onHand: 10_000, reserved: 0 },
    { storeId: STORE.id, productId: 'prd_oil', onHand: 10_000, reserved: 0 },
  ]);
  await ordersRepos(g.deps.orders.db).customers.upsertMany(CUSTOMERS.map((id) => ({ id, name: id, email: `${id}@example.com` })));
  for (const id of CUSTOMERS) tokens.set(id, await signDevToken(E2E_JWT_SECRET, { sub: id, role: 'customer' }));
}

beforeAll(async () => {
  graph = await startSupergraph({
    settings: {
      orders: {
        paymentProvider: provider,
        // 500 placements at once on a shared machine: this test is about oversell, not latency.
        serviceTimeoutMs: 20_000,
        // Outage tests must see the provider fail, not the breaker open after the first few.
        payment: { latencyMs: 0, outage: false, breaker: { timeoutMs: 500, errorThresholdPercentage: 50, resetTimeoutMs: 1000, volumeThreshold: 10_000, rollingCountTimeoutMs: 10_000 } },
      },
    },
  });
  await loadFixture(graph);
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

const place = (customerId: string, input: Record<string, unknown>) => queryGateway(graph.gatewayUrl, PLACE, { input }, tokens.get(customerId));
const cart = (key: string, items: { productId: string; quantity: number }[], paymentMethod = 'card_visa_4242') => ({
  idempotencyKey: key,
  items,
  deliveryLocation: NEAR,
  address: ADDRESS,
  paymentMethod,
});
const stockOf = async (productId: string) => {
  const row = await graph.deps.availability.db('stock').where({ store_id: STORE.id, product_id: productId }).first('on_hand', 'reserved');
  return { onHand: Number(row.on_hand), reserved: Number(row.reserved) };
};

describe('placing orders end to end', () => {
  it('when 500 customers order the last 5 units at once, then exactly 5 orders are placed and stock never goes negative or over-reserved', async () => {
    const violations: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await graph.deps.availability.db('stock').where('store_id', STORE.id).select('product_id', 'on_hand', 'reserved');
        for (const r of rows) if (r.reserved > r.on_hand || r.on_hand < 0 || r.reserved < 0) violations.push(`${r.product_id}: ${r.on_hand} on hand, ${r.reserved} reserved`);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) => place(CUSTOMERS[i % CUSTOMERS.length]!, cart(`stampede-${i}`, [{ productId: 'prd_last', quantity: 1 }, { productId: 'prd_rice', quantity: 1 }]))),
    );
    watching = false;
    await watcher;

    const kinds = answers.map((a) => a.data?.placeOrder?.__typename ?? `error ${a.errors?.[0]?.extensions?.code}: ${a.errors?.[0]?.message}`);
    const tally = kinds.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
    expect(tally).toEqual({ OrderPlaced: 5, OutOfStock: 495 });
    expect(violations).toEqual([]);
    expect(await stockOf('prd_last')).toEqual({ onHand: 5, reserved: 5 });
    expect(await stockOf('prd_rice')).toEqual({ onHand: 10_000, reserved: 5 });
    const placed = answers.filter((a) => a.data?.placeOrder?.__typename === 'OrderPlaced').map((a) => a.data.placeOrder.order);
    expect(placed.every((o) => o.status === 'CONFIRMED' && o.store.id === STORE.id && o.total.amountCents === 749)).toBe(true);
    const outOfStock = answers.find((a) => a.data?.placeOrder?.__typename === 'OutOfStock')!.data.placeOrder;
    expect(outOfStock.items).toEqual([{ product: { id: 'prd_last' }, requested: 1, available: 0 }]);
    expect(outOfStock.order.status).toBe('REJECTED');
    expect(await graph.deps.orders.db('orders').where('status', 'CONFIRMED').count<{ n: string }[]>('* as n')).toEqual([{ n: '5' }]);
  }, 180_000);

  it('when 20 identical requests with one key arrive at once, then one order is placed, every answer names it, and its stock is reserved once', async () => {
    const before = await stockOf('prd_oil');
    const input = cart('dup-key-1', [{ productId: 'prd_oil', quantity: 2 }]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => place(CUSTOMERS[0]!, input)));
    expect(answers.map((a) => a.errors)).toEqual(Array(20).fill(undefined));
    const ids = new Set(answers.map((a) => a.data.placeOrder.order?.id));
    expect(ids.size).toBe(1);
    expect(answers[0]!.data.placeOrder.__typename).toBe('OrderPlaced');
    expect(await stockOf('prd_oil')).toEqual({ onHand: before.onHand, reserved: before.reserved + 2 });
    const [orderId] = [...ids];
    expect(await graph.deps.orders.db('orders').where({ customer_id: CUSTOMERS[0], id: orderId }).count<{ n: string }[]>('* as n')).toEqual([{ n: '1' }]);
  }, 60_000);

  it('when the card is declined, then the customer is told why, the order is PAYMENT_FAILED and the stock is released', async () => {
    const before = await stockOf('prd_oil');
    const res = await place(CUSTOMERS[1]!, cart('declined-1', [{ productId: 'prd_oil', quantity: 3 }], TEST_PAYMENT_METHODS.declined));
    expect(res.errors).toBeUndefined();
    expect(res.data.placeOrder).toMatchObject({ __typename: 'PaymentDeclined', reason: 'Your card was declined by your bank.', order: { status: 'PAYMENT_FAILED' } });
    expect(await stockOf('prd_oil')).toEqual(before);
  });

  it('when the payment provider is down, then the order is not confirmed, the customer is told to retry and the stock is released', async () => {
    const before = await stockOf('prd_oil');
    provider.setOutage(true);
    try {
      const res = await place(CUSTOMERS[2]!, cart('outage-1', [{ productId: 'prd_oil', quantity: 1 }]));
      expect(res.errors).toBeUndefined();
      expect(res.data.placeOrder).toMatchObject({ __typename: 'PaymentDeclined', order: { status: 'PAYMENT_FAILED' } });
      expect(res.data.placeOrder.reason).toMatch(/did not charge you.*try again/);
    } finally {
      provider.setOutage(false);
    }
    expect(await stockOf('prd_oil')).toEqual(before);
  });

  it('when a customer cancels a placed order, then the stock is released and the order ends REFUNDED', async () => {
    const before = await stockOf('prd_oil');
    const placed = await place(CUSTOMERS[3]!, cart('cancel-1', [{ productId: 'prd_oil', quantity: 4 }]));
    expect(placed.errors).toBeUndefined();
    const orderId = placed.data.placeOrder.order.id;
    expect(await stockOf('prd_oil')).toEqual({ onHand: before.onHand, reserved: before.reserved + 4 });
    const res = await queryGateway(
      graph.gatewayUrl,
      'mutation($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { __typename ... on OrderCancelled { refunded order { status } } } }',
      { id: orderId },
      tokens.get(CUSTOMERS[3]!),
    );
    expect(res.data.cancelOrder).toEqual({ __typename: 'OrderCancelled', refunded: true, order: { status: 'REFUNDED' } });
    expect(await stockOf('prd_oil')).toEqual(before);
  });

  it("when an order is placed, then its orders.confirmed event reaches a consumer on the supergraph's shared stream", async () => {
    const received: EventEnvelope<{ orderId: string }>[] = [];
    const orders = graph.deps.orders;
    const consumer: RunningConsumer = await startConsumer({
      bus: orders.events,
      db: orders.db,
      log: orders.log,
      name: 'e2e-orders-confirmed-probe',
      subject: SUBJECTS.ordersConfirmed,
      handle: async (event) => {
        received.push(event);
      },
    });
    await graph.subgraphs.orders.app.workers.start();
    try {
      const res = await place(CUSTOMERS[4]!, cart('event-1', [{ productId: 'prd_rice', quantity: 1 }]));
      expect(res.errors).toBeUndefined();
      const orderId = res.data.placeOrder.order.id;
      const deadline = Date.now() + 10_000;
      while (!received.some((e) => e.data.orderId === orderId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(received.find((e) => e.data.orderId === orderId)?.subject).toBe('orders.confirmed');
    } finally {
      await consumer.stop();
    }
  });
});
