import { randomUUID } from 'node:crypto';
import { SUBJECTS, type EventEnvelope, type Identity } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, until, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories } from '../../src/data';
import { SimulatedPaymentProvider, type RefundRequest } from '../../src/data/payment-provider';
import { subgraph } from '../../src/server';
import { placeInput, startStubServices, stockPlaceInputCart, stubSettings, type StubServices } from '../support/stubs';

/** Makes the refund and then loses the answer, like a connection cut after the provider did the work. */
class AnswerLosingProvider extends SimulatedPaymentProvider {
  loseRefundAnswers = 0;

  override async refund(request: RefundRequest): Promise<void> {
    await super.refund(request);
    if (this.loseRefundAnswers > 0) {
      this.loseRefundAnswers -= 1;
      throw new Error('connection reset after the refund was made');
    }
  }
}

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let stubs: StubServices;
let provider: AnswerLosingProvider;
const ann: Identity = { sub: 'cus_ann', role: 'customer' };
const RETRY_MS = 100;

beforeAll(async () => {
  deps = await createTestDeps('orders_refunds', migrations);
  await createRepositories(deps.db).customers.upsertMany([{ id: 'cus_ann', name: 'Ann', email: 'ann@example.com' }]);
  stubs = await startStubServices();
  stockPlaceInputCart(stubs, 1000);
  provider = new AnswerLosingProvider();
  server = await startTestSubgraph(subgraph, deps, {
    settings: { ...stubSettings(stubs), paymentProvider: provider, refundRetryMs: RETRY_MS, retryDelayMs: 50 },
    workers: true,
  });
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await stubs.close();
  await deps.close();
});

afterEach(() => {
  provider.setOutage(false);
  provider.loseRefundAnswers = 0;
});

/** Resolves once the refund-retry worker has finished `n` more rounds: proof that it looked, where a test asserts it changed nothing. */
async function retryRounds(n: number): Promise<void> {
  const { ordering } = server.app.useCases;
  const retry = ordering.retryOwedRefunds.bind(ordering);
  let finished = 0;
  const spy = jest.spyOn(ordering, 'retryOwedRefunds').mockImplementation(async (...args) => {
    try {
      return await retry(...args);
    } finally {
      finished++;
    }
  });
  try {
    await until(() => finished >= n, `${n} refund-retry rounds`);
  } finally {
    spy.mockRestore();
  }
}

const placeOrder = async (): Promise<{ orderId: string; paymentId: string }> => {
  const res = await postGraphQL<any>(url, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename ... on OrderPlaced { order { id } } } }', { input: placeInput() }, { identity: ann });
  expect(res.data.placeOrder.__typename).toBe('OrderPlaced');
  const orderId = res.data.placeOrder.order.id as string;
  const payment = await createRepositories(deps.db).payments.findByOrderId(orderId);
  return { orderId, paymentId: payment!.providerPaymentId! };
};

const cancel = async (orderId: string) =>
  (await postGraphQL<any>(url, 'mutation($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { ... on OrderCancelled { refunded order { status } } } }', { id: orderId }, { identity: ann })).data
    .cancelOrder as { refunded: boolean; order: { status: string } };

const itemMissing = async (orderId: string, productId: string, quantity: number): Promise<EventEnvelope> => {
  const event: EventEnvelope = {
    id: randomUUID(),
    subject: SUBJECTS.fulfillmentItemMissing,
    occurredAt: new Date().toISOString(),
    data: { orderId, taskId: 'tsk_1', storeId: 'str_stub', productId, quantity, actor: 'stf_1', at: new Date().toISOString() },
  };
  await deps.events.publish(event);
  await until(async () => (await deps.db('processed_events').where('event_id', event.id).first()) !== undefined);
  return event;
};

const ledger = (orderId: string) => createRepositories(deps.db).refunds.findByOrderId(orderId);
const partials = (orderId: string) => createRepositories(deps.db).partialRefunds.findByOrderId(orderId);
const statusOf = async (orderId: string) => (await createRepositories(deps.db).orders.findByIds([orderId]))[0]?.status;
/** What the provider actually gave back of this payment, whatever orders thinks. */
const providerRefunded = (paymentId: string) => provider.payments.get(paymentId)!.refundedCents;
const refundsAtProvider = (paymentId: string) => [...provider.refunds.values()].filter((r) => r.paymentId === paymentId);

describe('partial refunds the provider refused', () => {
  it('when the provider is down at a partial refund, then it is recorded OWED, and once the provider is back the worker refunds it exactly once', async () => {
    const { orderId, paymentId } = await placeOrder();
    provider.setOutage(true);
    const event = await itemMissing(orderId, 'prd_a', 1);
    await until(async () => ((await ledger(orderId))[0]?.attempts ?? 0) >= 2); // the first try and at least one retry, both refused
    expect(await ledger(orderId)).toMatchObject([{ id: `item_missing:${event.id}`, kind: 'ITEM_MISSING', amountCents: 250, status: 'OWED', lastError: expect.any(String) }]);
    expect(await partials(orderId)).toMatchObject([{ eventId: event.id, quantity: 1, amountCents: 250, status: 'OWED', refundId: `item_missing:${event.id}` }]);
    expect(providerRefunded(paymentId)).toBe(0);

    provider.setOutage(false);
    await until(async () => (await ledger(orderId))[0]?.status === 'REFUNDED');
    expect((await partials(orderId))[0]?.status).toBe('REFUNDED');
    expect(providerRefunded(paymentId)).toBe(250);
    // Refunded stays refunded: later retry rounds leave it alone.
    const calls = provider.calls;
    await retryRounds(3);
    expect(provider.calls).toBe(calls);
    expect(providerRefunded(paymentId)).toBe(250);
    expect(refundsAtProvider(paymentId)).toEqual([{ paymentId, amountCents: 250 }]);
    expect(await statusOf(orderId)).toBe('CONFIRMED');
  });

  it('when the provider made a partial refund but its answer was lost, then the retry asks under the same id and the money goes back once', async () => {
    const { orderId, paymentId } = await placeOrder();
    provider.loseRefundAnswers = 1;
    await itemMissing(orderId, 'prd_b', 1);
    await until(async () => (await ledger(orderId))[0]?.status === 'REFUNDED');
    const [refund] = await ledger(orderId);
    expect(refund!.attempts).toBeGreaterThanOrEqual(2);
    expect(providerRefunded(paymentId)).toBe(199);
    expect(refundsAtProvider(paymentId)).toEqual([{ paymentId, amountCents: 199 }]);
  });

  it('when two retry runs race over the same owed refund, then the provider refunds it once', async () => {
    const { orderId, paymentId } = await placeOrder();
    provider.setOutage(true);
    await itemMissing(orderId, 'prd_a', 2);
    await until(async () => ((await ledger(orderId))[0]?.attempts ?? 0) >= 1);
    provider.setOutage(false);
    await Promise.all([server.app.useCases.ordering.retryOwedRefunds(), server.app.useCases.ordering.retryOwedRefunds(), server.app.useCases.ordering.retryOwedRefunds()]);
    await until(async () => (await ledger(orderId))[0]?.status === 'REFUNDED');
    expect(providerRefunded(paymentId)).toBe(500);
  });
});

describe('a cancellation after partial refunds', () => {
  it('when an item was missing and the order is then cancelled, then the cancellation refunds only the remainder and the total refunded is what was paid', async () => {
    const { orderId, paymentId } = await placeOrder();
    await itemMissing(orderId, 'prd_a', 1);
    await until(async () => (await ledger(orderId))[0]?.status === 'REFUNDED');

    expect(await cancel(orderId)).toEqual({ refunded: true, order: { status: 'REFUNDED' } });
    expect((await ledger(orderId)).map((r) => [r.kind, r.amountCents, r.status])).toEqual([
      ['ITEM_MISSING', 250, 'REFUNDED'],
      ['CANCELLATION', 449, 'REFUNDED'],
    ]);
    expect(providerRefunded(paymentId)).toBe(699);
    expect(provider.isFullyRefunded(paymentId)).toBe(true);
    expect((await createRepositories(deps.db).payments.findByOrderId(orderId))?.status).toBe('REFUNDED');
  });

  it('when a partial refund and then the cancellation are both refused, then the order stays CANCELLED until the worker gets both through, 699 in all', async () => {
    const { orderId, paymentId } = await placeOrder();
    provider.setOutage(true);
    await itemMissing(orderId, 'prd_b', 1);
    expect(await cancel(orderId)).toEqual({ refunded: false, order: { status: 'CANCELLED' } });
    expect((await ledger(orderId)).map((r) => [r.kind, r.amountCents, r.status])).toEqual([
      ['ITEM_MISSING', 199, 'OWED'],
      ['CANCELLATION', 500, 'OWED'],
    ]);
    await retryRounds(2);
    expect(await statusOf(orderId)).toBe('CANCELLED');

    provider.setOutage(false);
    await until(async () => (await statusOf(orderId)) === 'REFUNDED');
    expect((await ledger(orderId)).every((r) => r.status === 'REFUNDED')).toBe(true);
    expect(providerRefunded(paymentId)).toBe(699);
    const history = await createRepositories(deps.db).orderHistory.findByOrderIds([orderId]);
    expect(history.at(-1)).toMatchObject({ from: 'CANCELLED', to: 'REFUNDED', actor: 'orders', reason: 'payment refunded' });
  });

  it('when every item was missing and refunded, then the cancellation asks the provider for nothing more and the order still ends REFUNDED', async () => {
    const { orderId, paymentId } = await placeOrder();
    await itemMissing(orderId, 'prd_a', 2);
    await itemMissing(orderId, 'prd_b', 1);
    await until(async () => (await ledger(orderId)).filter((r) => r.status === 'REFUNDED').length === 2);
    const calls = provider.calls;

    expect(await cancel(orderId)).toEqual({ refunded: true, order: { status: 'REFUNDED' } });
    expect((await ledger(orderId)).map((r) => r.kind)).toEqual(['ITEM_MISSING', 'ITEM_MISSING']);
    expect(provider.calls).toBe(calls);
    expect(providerRefunded(paymentId)).toBe(699);
  });

  it('when more is reported missing than is left to refund, then the partial refunds are capped and the ledger never exceeds the payment', async () => {
    const { orderId, paymentId } = await placeOrder();
    await itemMissing(orderId, 'prd_a', 2);
    await itemMissing(orderId, 'prd_a', 2); // the same line reported again: only the 199 left goes back
    await itemMissing(orderId, 'prd_b', 5); // nothing left at all
    await until(async () => (await partials(orderId)).every((p) => p.status === 'REFUNDED'));
    expect((await ledger(orderId)).map((r) => r.amountCents)).toEqual([500, 199]);
    expect((await partials(orderId)).map((p) => [p.quantity, p.amountCents, p.refundId === null])).toEqual([
      [2, 500, false],
      [2, 199, false],
      [1, 0, true],
    ]);
    expect(providerRefunded(paymentId)).toBe(699);

    expect(await cancel(orderId)).toEqual({ refunded: true, order: { status: 'REFUNDED' } });
    expect(providerRefunded(paymentId)).toBe(699);
  });
});
