import type { Identity } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories } from '../../src/data';
import { SimulatedPaymentProvider } from '../../src/data/payment-provider';
import { subgraph } from '../../src/server';
import { placeInput, startStubServices, stockPlaceInputCart, stubSettings, type StubServices } from '../support/stubs';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let stubs: StubServices;
let provider: SimulatedPaymentProvider;
const ann: Identity = { sub: 'cus_ann', role: 'customer' };
const RESET_MS = 400;

beforeAll(async () => {
  deps = await createTestDeps('orders_outage', migrations);
  await createRepositories(deps.db).customers.upsertMany([{ id: 'cus_ann', name: 'Ann', email: 'ann@example.com' }]);
  stubs = await startStubServices();
  stockPlaceInputCart(stubs, 1000);
  provider = new SimulatedPaymentProvider();
  server = await startTestSubgraph(subgraph, deps, { settings: { ...stubSettings(stubs, { volumeThreshold: 3, resetTimeoutMs: RESET_MS }), paymentProvider: provider } });
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await stubs.close();
  await deps.close();
});

const place = async () =>
  (await postGraphQL<any>(url, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on PaymentDeclined { reason order { id status } } ... on OrderPlaced { order { id status } } } }', { input: placeInput() }, { identity: ann })).data
    .placeOrder;

describe('placing orders through a payment outage', () => {
  it('when the provider goes down, then orders fail with the stock released, the breaker opens and fails fast, and after recovery orders go through again', async () => {
    provider.setOutage(true);
    for (let i = 0; i < 3; i++) {
      const result = await place();
      expect(result).toMatchObject({ __typename: 'PaymentDeclined', order: { status: 'PAYMENT_FAILED' } });
      expect(stubs.reservations.get(result.order.id)?.status).toBe('RELEASED');
    }
    expect(server.app.useCases.payments.state).toBe('open');

    const calls = provider.calls;
    const fast = await place();
    expect(fast).toMatchObject({ __typename: 'PaymentDeclined', reason: 'Payments are briefly unavailable, so we did not charge you. Please try again in a minute.' });
    expect(provider.calls).toBe(calls);
    expect(stubs.reservations.get(fast.order.id)?.status).toBe('RELEASED');
    expect(stubs.free.get('prd_a')).toBe(1000);

    provider.setOutage(false);
    await new Promise((r) => setTimeout(r, RESET_MS + 100));
    expect(server.app.useCases.payments.state).toBe('halfOpen');
    expect(await place()).toMatchObject({ __typename: 'OrderPlaced', order: { status: 'CONFIRMED' } });
    expect(server.app.useCases.payments.state).toBe('closed');
  });
});
