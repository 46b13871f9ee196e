import { startConsumer, SUBJECTS, type EventEnvelope, type RunningConsumer } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, until, waitForAcks, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories } from '../../src/data';
import { SimulatedPaymentProvider } from '../../src/data/payment-provider';
import { subgraph } from '../../src/server';
import { placeInput, startStubServices, stockPlaceInputCart, stubSettings, type StubServices } from '../support/stubs';
import type { OrderConfirmedEvent } from '../../src/events/payloads';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let stubs: StubServices;
let consumer: RunningConsumer | undefined;

beforeAll(async () => {
  deps = await createTestDeps('orders_outbox', migrations);
  await createRepositories(deps.db).customers.upsertMany([{ id: 'cus_ann', name: 'Ann', email: 'ann@example.com' }]);
  stubs = await startStubServices();
  stockPlaceInputCart(stubs, 100);
  server = await startTestSubgraph(subgraph, deps, { settings: { ...stubSettings(stubs), paymentProvider: new SimulatedPaymentProvider() } });
  url = server.url;
});

afterAll(async () => {
  await consumer?.stop();
  await server.stop();
  await stubs.close();
  await deps.close();
});

describe("placeOrder's events go through the outbox", () => {
  it('when the relay is down at commit, then the events wait in the outbox and are delivered once it runs again', async () => {
    const received: EventEnvelope<OrderConfirmedEvent>[] = [];
    consumer = await startConsumer({
      bus: deps.events,
      db: deps.db,
      log: deps.log,
      name: 'test-orders-confirmed',
      subject: SUBJECTS.ordersConfirmed,
      handle: async (event) => {
        received.push(event);
      },
    });

    // The relay is not running (as if killed after the commit, before the publish).
    const res = await postGraphQL<any>(url, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ... on OrderPlaced { order { id } } } }', { input: placeInput() }, { identity: { sub: 'cus_ann', role: 'customer' } });
    const orderId: string = res.data.placeOrder.order.id;
    const rows = await deps.db('outbox').whereRaw("payload->>'orderId' = ?", [orderId]).select('id', 'subject', 'published_at');
    expect(rows.map((r) => [r.subject, r.published_at])).toEqual([
      ['orders.status_changed', null],
      ['orders.confirmed', null],
    ]);
    // The consumer has taken everything the stream holds: nothing was published.
    await waitForAcks(deps.events, 'test-orders-confirmed');
    expect(received).toEqual([]);

    await server.app.workers.start();
    await until(() => received.length === 1);
    expect(received[0]).toMatchObject({ id: rows[1].id, subject: 'orders.confirmed', data: { orderId, customerId: 'cus_ann', storeId: 'str_stub', totalCents: 699 } });
    await until(async () => (await deps.db('outbox').whereIn('id', rows.map((r) => r.id)).whereNull('published_at')).length === 0);

    // Publishing the same event again (a relay that died before marking it) is dropped by JetStream.
    expect(await deps.events.publish({ id: rows[1].id, subject: SUBJECTS.ordersConfirmed, occurredAt: new Date().toISOString(), data: received[0]!.data })).toEqual({ duplicate: true });
    await waitForAcks(deps.events, 'test-orders-confirmed');
    expect(received).toHaveLength(1);
  });
});
