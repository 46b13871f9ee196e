import { createTestDeps, postGraphQL, startTestSubgraph, until, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import type { Identity } from '@qc/shared';
import { migrations } from '../../migrations';
import { createRepositories } from '../../src/data';
import { IdempotencyRepository } from '../../src/data/idempotency-keys';
import { requestHash } from '../../src/domain/idempotency';
import { TEST_PAYMENT_METHODS, SimulatedPaymentProvider } from '../../src/data/payment-provider';
import { subgraph } from '../../src/server';
import { newOrder } from '../support/fixtures';
import { placeInput, startStubServices, stubSettings, type StubServices } from '../support/stubs';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let stubs: StubServices;
let provider: SimulatedPaymentProvider;

const ann: Identity = { sub: 'cus_ann', role: 'customer' };
const bob: Identity = { sub: 'cus_bob', role: 'customer' };
const admin: Identity = { sub: 'adm_1', role: 'admin' };
const staff: Identity = { sub: 'staff_1', role: 'store_staff', storeId: 'str_stub' };

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on OrderPlaced {
        order {
          id status placedAt
          customer { id }
          store { id }
          total { amountCents currency }
          items { product { id } quantity unitPrice { amountCents currency } lineTotal { amountCents } }
          deliveryAddress { line1 city postalCode lat lng }
          history { from to actor reason }
        }
      }
      ... on OutOfStock { order { id status store { id } history { from to actor reason } } items { product { id } requested available } }
      ... on PaymentDeclined { reason order { id status history { from to } } }
      ... on NotDeliverable { reason }
      ... on InvalidOrderInput { message problems { field message } }
    }
  }
`;

const CANCEL = /* GraphQL */ `
  mutation Cancel($id: ID!, $reason: String!) {
    cancelOrder(id: $id, reason: $reason) {
      __typename
      ... on OrderCancelled { refunded order { id status history { from to actor reason } } }
      ... on InvalidOrderInput { message problems { field message } }
    }
  }
`;

const place = async (identity: Identity | null, input: object) => {
  const res = await postGraphQL<{ placeOrder: any }>(url, PLACE, { input: input as Record<string, unknown> }, { identity });
  return { result: res.data?.placeOrder, errors: res.errors };
};
const cancel = async (identity: Identity | null, id: string, reason = 'changed my mind') => {
  const res = await postGraphQL<{ cancelOrder: any }>(url, CANCEL, { id, reason }, { identity });
  return { result: res.data?.cancelOrder, errors: res.errors };
};

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await deps.db(table).where(where).count<{ n: string }[]>('* as n'))[0]!.n);
const outboxFor = (orderId: string) =>
  deps.db('outbox').whereRaw("payload->>'orderId' = ?", [orderId]).orderBy('seq').select('subject', 'payload');

beforeAll(async () => {
  deps = await createTestDeps('orders_place', migrations);
  await createRepositories(deps.db).customers.upsertMany([
    { id: 'cus_ann', name: 'Ann', email: 'ann@example.com' },
    { id: 'cus_bob', name: 'Bob', email: 'bob@example.com' },
  ]);
  stubs = await startStubServices();
  provider = new SimulatedPaymentProvider();
  // A window wide enough that placements made together land in one confirmation batch on a loaded machine.
  server = await startTestSubgraph(subgraph, deps, { settings: { ...stubSettings(stubs), paymentProvider: provider, confirmBatchMs: 3000 } });
  url = server.url;
});

beforeEach(() => {
  stubs.prices.clear();
  stubs.prices.set('prd_a', { amountCents: 250, currency: 'EUR' });
  stubs.prices.set('prd_b', { amountCents: 199, currency: 'EUR' });
  stubs.prices.set('prd_last', { amountCents: 999, currency: 'EUR' });
  stubs.prices.set('prd_usd', { amountCents: 100, currency: 'USD' });
  stubs.free.clear();
  stubs.free.set('prd_a', 1000);
  stubs.free.set('prd_b', 1000);
  stubs.free.set('prd_last', 1);
  stubs.free.set('prd_usd', 1000);
  stubs.down.catalog = false;
  stubs.down.availability = false;
  provider.setOutage(false);
});

afterAll(async () => {
  await server.stop();
  await stubs.close();
  await deps.close();
});

describe('placeOrder', () => {
  it('when a customer without an account here places an order, then it is FORBIDDEN and nothing is claimed, reserved or recorded', async () => {
    const keysBefore = await count('idempotency_keys');
    const reserveCalls = stubs.calls.reserve;
    const { result, errors } = await place({ sub: 'cus_nobody', role: 'customer' }, placeInput());
    expect(result).toBeUndefined();
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(errors?.[0]?.message).toBe('There is no customer account for this sign-in');
    expect(await count('idempotency_keys')).toBe(keysBefore);
    expect(await count('orders', { customer_id: 'cus_nobody' })).toBe(0);
    expect(stubs.calls.reserve).toBe(reserveCalls);
  });

  it('when orders are placed together, then their reservations are confirmed in one call to availability, not one call each', async () => {
    const before = stubs.confirmBatches.length;
    const results = await Promise.all([ann, bob, ann].map((who) => place(who, placeInput())));
    const ids = results.map(({ result }) => result.order.id as string);
    expect(results.map(({ result }) => result.__typename)).toEqual(['OrderPlaced', 'OrderPlaced', 'OrderPlaced']);
    await until(() => ids.every((id) => stubs.reservations.get(id)?.status === 'CONFIRMED'), 'the reservations to be confirmed');
    const batches = stubs.confirmBatches.slice(before);
    expect(batches).toHaveLength(1);
    expect([...batches[0]!].sort()).toEqual([...ids].sort());
  });

  it('when a customer places a valid cart, then the order is CONFIRMED at catalog prices in the reserving store, with history, payment and both events', async () => {
    const input = placeInput();
    const { result, errors } = await place(ann, input);
    expect(errors).toBeUndefined();
    expect(result.__typename).toBe('OrderPlaced');
    const order = result.order;
    expect(order).toMatchObject({
      status: 'CONFIRMED',
      customer: { id: 'cus_ann' },
      store: { id: 'str_stub' },
      total: { amountCents: 2 * 250 + 199, currency: 'EUR' },
      items: [
        { product: { id: 'prd_a' }, quantity: 2, unitPrice: { amountCents: 250, currency: 'EUR' }, lineTotal: { amountCents: 500 } },
        { product: { id: 'prd_b' }, quantity: 1, unitPrice: { amountCents: 199, currency: 'EUR' }, lineTotal: { amountCents: 199 } },
      ],
      deliveryAddress: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119', lat: 52.529, lng: 13.401 },
      history: [
        { from: null, to: 'PENDING', actor: 'cus_ann', reason: null },
        { from: 'PENDING', to: 'CONFIRMED', actor: 'orders', reason: 'payment authorized' },
      ],
    });
    expect(order.id).toMatch(/^ord_[a-z2-7]{20}$/);

    const reservation = stubs.reservations.get(order.id)!;
    expect(reservation).toMatchObject({ items: input.items, ttlSeconds: 600 });
    await until(() => reservation.status === 'CONFIRMED');
    expect(await createRepositories(deps.db).payments.findByOrderId(order.id)).toMatchObject({ status: 'AUTHORIZED', amountCents: 699, currency: 'EUR', method: input.paymentMethod });

    const events = await outboxFor(order.id);
    expect(events.map((e) => e.subject)).toEqual(['orders.status_changed', 'orders.confirmed']);
    expect(events[0].payload).toMatchObject({ orderId: order.id, customerId: 'cus_ann', storeId: 'str_stub', from: 'PENDING', to: 'CONFIRMED', actor: 'orders' });
    expect(events[1].payload).toEqual({
      orderId: order.id,
      customerId: 'cus_ann',
      storeId: 'str_stub',
      reservationId: reservation.id,
      items: [
        { productId: 'prd_a', quantity: 2, unitPriceCents: 250, currency: 'EUR' },
        { productId: 'prd_b', quantity: 1, unitPriceCents: 199, currency: 'EUR' },
      ],
      totalCents: 699,
      currency: 'EUR',
      deliveryLocation: { lat: 52.529, lng: 13.401 },
      confirmedAt: expect.any(String),
    });
  });

  it('when catalog changes the price after the order, then the order keeps the price it was sold at', async () => {
    const { result } = await place(ann, placeInput({ items: [{ productId: 'prd_a', quantity: 1 }] }));
    stubs.prices.set('prd_a', { amountCents: 9999, currency: 'EUR' });
    const res = await postGraphQL<any>(url, 'query($id: ID!) { order(id: $id) { total { amountCents } items { unitPrice { amountCents } } } }', { id: result.order.id }, { identity: ann });
    expect(res.data.order).toEqual({ total: { amountCents: 250 }, items: [{ unitPrice: { amountCents: 250 } }] });
  });

  it('when the same request is sent again with the same key, then the same order comes back and nothing is reserved or charged again', async () => {
    const input = placeInput();
    const first = await place(ann, input);
    const reserves = stubs.calls.reserve;
    const calls = provider.calls;
    const again = await place(ann, input);
    expect(again.result.order.id).toBe(first.result.order.id);
    expect(stubs.calls.reserve).toBe(reserves);
    expect(provider.calls).toBe(calls);
    expect(await count('orders', { customer_id: 'cus_ann', id: first.result.order.id })).toBe(1);
  });

  it('when 20 identical requests with one key arrive at once, then one order is placed and every answer names it', async () => {
    const input = placeInput();
    const before = await count('orders');
    const reserves = stubs.calls.reserve;
    const answers = await Promise.all(Array.from({ length: 20 }, () => place(ann, input)));
    const ids = new Set(answers.map((a) => a.result?.order?.id));
    expect(answers.every((a) => a.errors === undefined && a.result.__typename === 'OrderPlaced')).toBe(true);
    expect(ids.size).toBe(1);
    expect(await count('orders')).toBe(before + 1);
    expect(stubs.calls.reserve).toBe(reserves + 1);
  });

  it('when another process is placing the same key, then the request waits for its outcome and answers with it', async () => {
    const input = placeInput();
    const repos = createRepositories(deps.db);
    await repos.orders.insertMany([newOrder({ id: 'ord_elsewhere', customerId: 'cus_ann' })]);
    await repos.idempotency.claim({ customerId: 'cus_ann', key: input.idempotencyKey, requestHash: requestHash(input), orderId: 'ord_elsewhere', leaseMs: 60_000 });
    const reserves = stubs.calls.reserve;
    // The signal that the request is waiting: it has found the key in progress and come back to look again.
    const claims = jest.spyOn(IdempotencyRepository.prototype, 'claim');
    const pending = place(ann, input);
    try {
      await until(async () => claims.mock.calls.filter(([c]) => c.key === input.idempotencyKey).length >= 2, 'the request to look at the key twice');
    } finally {
      claims.mockRestore();
    }
    await repos.idempotency.complete('cus_ann', input.idempotencyKey, 'ord_elsewhere', { kind: 'placed', orderId: 'ord_elsewhere' });
    expect((await pending).result).toMatchObject({ __typename: 'OrderPlaced', order: { id: 'ord_elsewhere' } });
    expect(stubs.calls.reserve).toBe(reserves);
  });

  it('when a placement died half-way and its lease ran out, then a retry takes the key over and finishes that same order', async () => {
    const input = placeInput();
    // The dead attempt got as far as reserving under its order id.
    await createRepositories(deps.db).idempotency.claim({ customerId: 'cus_ann', key: input.idempotencyKey, requestHash: requestHash(input), orderId: 'ord_abandoned', leaseMs: 0 });
    stubs.free.set('prd_a', 1000 - 2);
    stubs.free.set('prd_b', 1000 - 1);
    stubs.reservations.set('ord_abandoned', { id: 'rsv_dead', orderId: 'ord_abandoned', status: 'ACTIVE', items: input.items, ttlSeconds: 600 });
    const { result } = await place(ann, input);
    expect(result).toMatchObject({ __typename: 'OrderPlaced', order: { id: 'ord_abandoned', status: 'CONFIRMED' } });
    // availability recognised the order id: nothing was reserved twice.
    expect(stubs.free.get('prd_a')).toBe(998);
    expect(stubs.reservations.get('ord_abandoned')?.id).toBe('rsv_dead');
  });

  it('when another customer uses the same key, then that is their own separate order', async () => {
    const input = placeInput();
    const a = await place(ann, input);
    const b = await place(bob, input);
    expect(b.result.__typename).toBe('OrderPlaced');
    expect(b.result.order.id).not.toBe(a.result.order.id);
  });

  it('when a key is reused with a different cart, then the answer is BAD_USER_INPUT and nothing new is recorded', async () => {
    const input = placeInput();
    await place(ann, input);
    const orders = await count('orders');
    const { result, errors } = await place(ann, { ...input, items: [{ productId: 'prd_a', quantity: 5 }] });
    expect(result ?? null).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(errors?.[0]?.message).toMatch(/already used for a different order/);
    expect(await count('orders')).toBe(orders);
  });

  it.each([
    ['a zero quantity', { items: [{ productId: 'prd_a', quantity: 0 }] }, 'items.0.quantity'],
    ['a negative quantity', { items: [{ productId: 'prd_a', quantity: -2 }] }, 'items.0.quantity'],
    ['a duplicate product line', { items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_a', quantity: 2 }] }, 'items.1.productId'],
    ['101 lines', { items: Array.from({ length: 101 }, (_, i) => ({ productId: `prd_${i}`, quantity: 1 })) }, 'items'],
    ['an empty cart', { items: [] }, 'items'],
    ['an empty idempotency key', { idempotencyKey: '' }, 'idempotencyKey'],
    ['a 101-character idempotency key', { idempotencyKey: 'k'.repeat(101) }, 'idempotencyKey'],
    ['a latitude off the planet', { deliveryLocation: { lat: 91, lng: 13.4 } }, 'deliveryLocation.lat'],
    ['a blank street', { address: { line1: '  ', city: 'Berlin', postalCode: '10119' } }, 'address.line1'],
  ])('when the input has %s, then the answer is InvalidOrderInput and nothing is reserved, charged or recorded', async (_what, overrides, field) => {
    const before = { reserve: stubs.calls.reserve, prices: stubs.calls.prices, pay: provider.calls, orders: await count('orders'), keys: await count('idempotency_keys') };
    const { result, errors } = await place(ann, placeInput(overrides as any));
    expect(errors).toBeUndefined();
    expect(result.__typename).toBe('InvalidOrderInput');
    expect(result.problems.map((p: { field: string }) => p.field)).toContain(field);
    expect(result.message.length).toBeGreaterThan(0);
    expect({ reserve: stubs.calls.reserve, prices: stubs.calls.prices, pay: provider.calls, orders: await count('orders'), keys: await count('idempotency_keys') }).toEqual(before);
  });

  it('when a product does not exist, then InvalidOrderInput names it and nothing is reserved, charged or recorded', async () => {
    const before = { reserve: stubs.calls.reserve, pay: provider.calls, orders: await count('orders') };
    const { result } = await place(ann, placeInput({ items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_ghost', quantity: 1 }] }));
    expect(result).toEqual({ __typename: 'InvalidOrderInput', message: 'Product prd_ghost does not exist.', problems: [{ field: 'items.1.productId', message: 'Product prd_ghost does not exist' }] });
    expect({ reserve: stubs.calls.reserve, pay: provider.calls, orders: await count('orders') }).toEqual(before);
  });

  it('when the cart mixes currencies, then the answer is InvalidOrderInput', async () => {
    const { result } = await place(ann, placeInput({ items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_usd', quantity: 1 }] }));
    expect(result.__typename).toBe('InvalidOrderInput');
    expect(result.message).toMatch(/mixes currencies/);
  });

  it('when no store delivers to the location, then the answer is NotDeliverable and nothing is reserved, charged or recorded', async () => {
    const before = { pay: provider.calls, orders: await count('orders'), free: stubs.free.get('prd_a') };
    const input = placeInput({ deliveryLocation: { lat: 70, lng: 13.4 } });
    const { result } = await place(ann, input);
    expect(result).toEqual({ __typename: 'NotDeliverable', reason: 'No open store delivers to this location' });
    expect({ pay: provider.calls, orders: await count('orders'), free: stubs.free.get('prd_a') }).toEqual(before);
    // The outcome is kept with the key, so a retry gets the same answer without asking again.
    const reserves = stubs.calls.reserve;
    expect((await place(ann, input)).result.__typename).toBe('NotDeliverable');
    expect(stubs.calls.reserve).toBe(reserves);
  });

  it('when an item is out of stock, then the answer says which and how many are left, and the attempt is kept REJECTED with its event', async () => {
    const before = provider.calls;
    const { result } = await place(ann, placeInput({ items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_last', quantity: 3 }] }));
    expect(result).toMatchObject({
      __typename: 'OutOfStock',
      order: {
        status: 'REJECTED',
        store: null,
        history: [
          { from: null, to: 'PENDING' },
          { from: 'PENDING', to: 'REJECTED', actor: 'orders', reason: 'out of stock: prd_last (3 requested, 1 available)' },
        ],
      },
      items: [{ product: { id: 'prd_last' }, requested: 3, available: 1 }],
    });
    expect(provider.calls).toBe(before);
    expect(stubs.free.get('prd_a')).toBe(1000);
    expect(await createRepositories(deps.db).payments.findByOrderId(result.order.id)).toBeNull();
    const events = await outboxFor(result.order.id);
    expect(events.map((e) => [e.subject, e.payload.to])).toEqual([['orders.status_changed', 'REJECTED']]);
  });

  it('when the card is declined, then the customer is told why, the reservation is released and the order is PAYMENT_FAILED, also on a retry', async () => {
    const input = placeInput({ paymentMethod: TEST_PAYMENT_METHODS.declined });
    const { result } = await place(ann, input);
    expect(result).toMatchObject({
      __typename: 'PaymentDeclined',
      reason: 'Your card was declined by your bank.',
      order: { status: 'PAYMENT_FAILED', history: [{ from: null, to: 'PENDING' }, { from: 'PENDING', to: 'PAYMENT_FAILED' }] },
    });
    expect(stubs.reservations.get(result.order.id)).toMatchObject({ status: 'RELEASED', releasedReason: 'payment failed' });
    expect(stubs.free.get('prd_a')).toBe(1000);
    expect(await createRepositories(deps.db).payments.findByOrderId(result.order.id)).toMatchObject({ status: 'FAILED', providerPaymentId: null, failureReason: 'Your card was declined by your bank.' });
    expect((await outboxFor(result.order.id)).map((e) => [e.subject, e.payload.to])).toEqual([['orders.status_changed', 'PAYMENT_FAILED']]);

    const retry = await place(ann, input);
    expect(retry.result).toMatchObject({ __typename: 'PaymentDeclined', order: { id: result.order.id } });
  });

  it('when the payment provider hangs, then the breaker times it out, the customer is told and the reservation is released', async () => {
    const started = Date.now();
    const { result } = await place(ann, placeInput({ paymentMethod: TEST_PAYMENT_METHODS.timeout }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ __typename: 'PaymentDeclined', order: { status: 'PAYMENT_FAILED' } });
    expect(result.reason).toMatch(/did not answer in time.*did not charge you/);
    expect(stubs.reservations.get(result.order.id)?.status).toBe('RELEASED');
  });

  it('when the payment provider is down, then the order is PAYMENT_FAILED with a reason the customer understands and the stock is released', async () => {
    provider.setOutage(true);
    const { result } = await place(ann, placeInput());
    expect(result).toMatchObject({ __typename: 'PaymentDeclined', order: { status: 'PAYMENT_FAILED' } });
    expect(result.reason).toBe('The payment provider is unavailable right now, so we did not charge you. Please try again in a minute.');
    expect(stubs.reservations.get(result.order.id)?.status).toBe('RELEASED');
    expect(stubs.free.get('prd_a')).toBe(1000);
  });

  it('when catalog is down, then the answer is UNAVAILABLE, nothing is kept, and a retry with the same key places the order', async () => {
    stubs.down.catalog = true;
    const input = placeInput();
    const failed = await place(ann, input);
    expect(failed.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect(failed.errors?.[0]?.message).toMatch(/nothing was reserved or charged.*retry with the same idempotency key/);
    expect(await count('idempotency_keys', { customer_id: 'cus_ann', key: input.idempotencyKey })).toBe(0);
    stubs.down.catalog = false;
    expect((await place(ann, input)).result.__typename).toBe('OrderPlaced');
  });

  it('when availability is down, then the answer is UNAVAILABLE and no order or payment exists', async () => {
    stubs.down.availability = true;
    const before = { orders: await count('orders'), pay: provider.calls };
    const failed = await place(ann, placeInput());
    expect(failed.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
    expect({ orders: await count('orders'), pay: provider.calls }).toEqual(before);
  });

  it.each([
    ['an anonymous caller', 'UNAUTHENTICATED', null],
    ['store staff', 'FORBIDDEN', staff],
    ['an admin', 'FORBIDDEN', admin],
    ['a customer without an account', 'FORBIDDEN', { sub: 'cus_nobody', role: 'customer' } as Identity],
  ])('when %s places an order, then the error is %s', async (_who, code, identity) => {
    const { result, errors } = await place(identity, placeInput());
    expect(result ?? null).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe(code);
  });
});

describe('cancelOrder', () => {
  const placeFor = async (identity: Identity) => (await place(identity, placeInput())).result.order.id as string;

  it('when a customer cancels their confirmed order, then stock is released, the payment refunded and the order ends REFUNDED with both events', async () => {
    const id = await placeFor(ann);
    const { result, errors } = await cancel(ann, id, 'ordered by mistake');
    expect(errors).toBeUndefined();
    expect(result).toMatchObject({
      __typename: 'OrderCancelled',
      refunded: true,
      order: {
        id,
        status: 'REFUNDED',
        history: [
          { to: 'PENDING' },
          { to: 'CONFIRMED' },
          { from: 'CONFIRMED', to: 'CANCELLED', actor: 'cus_ann', reason: 'ordered by mistake' },
          { from: 'CANCELLED', to: 'REFUNDED', actor: 'orders', reason: 'payment refunded' },
        ],
      },
    });
    expect(stubs.reservations.get(id)?.status).toBe('RELEASED');
    const payment = await createRepositories(deps.db).payments.findByOrderId(id);
    expect(payment?.status).toBe('REFUNDED');
    expect(provider.isFullyRefunded(payment!.providerPaymentId!)).toBe(true);
    const changes = (await outboxFor(id)).filter((e) => e.subject === 'orders.status_changed').map((e) => e.payload.to);
    expect(changes).toEqual(['CONFIRMED', 'CANCELLED', 'REFUNDED']);
  });

  it("when a customer cancels someone else's order, then the answer is the NOT_FOUND an unknown id gets, and nothing changes", async () => {
    const id = await placeFor(ann);
    const { errors } = await cancel(bob, id);
    const unknown = await cancel(bob, 'ord_nope');
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(errors?.[0]?.message.replace(id, '<id>')).toBe(unknown.errors?.[0]?.message.replace('ord_nope', '<id>'));
    expect((await createRepositories(deps.db).orders.findByIds([id]))[0]?.status).toBe('CONFIRMED');
    expect(stubs.reservations.get(id)?.status).not.toBe('RELEASED');
  });

  it('when store staff cancel an order, then the error is FORBIDDEN', async () => {
    const id = await placeFor(ann);
    expect((await cancel(staff, id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('when a customer cancels after picking started, then the error is INVALID_STATE and nothing changes; an admin still can', async () => {
    await createRepositories(deps.db).orders.insertMany([newOrder({ id: 'ord_picking', customerId: 'cus_ann', status: 'PICKING' })]);
    const history = await count('order_status_history', { order_id: 'ord_picking' });
    const refused = await cancel(ann, 'ord_picking');
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'INVALID_STATE', from: 'PICKING', to: 'CANCELLED' });
    expect(refused.errors?.[0]?.message).toMatch(/already being picked/);
    expect(await count('order_status_history', { order_id: 'ord_picking' })).toBe(history);
    expect(await count('outbox', {})).toBeGreaterThan(0);
    expect((await outboxFor('ord_picking')).length).toBe(0);

    const { result } = await cancel(admin, 'ord_picking', 'customer called support');
    // A seeded order has no payment on record: nothing to give back, it still ends REFUNDED.
    expect(result).toMatchObject({ refunded: true, order: { status: 'REFUNDED' } });
    expect(result.order.history.slice(-2)).toEqual([
      { from: 'PICKING', to: 'CANCELLED', actor: 'adm_1', reason: 'customer called support' },
      { from: 'CANCELLED', to: 'REFUNDED', actor: 'orders', reason: 'nothing was charged' },
    ]);
  });

  it('when an admin cancels a delivered order, then the error is INVALID_STATE', async () => {
    await createRepositories(deps.db).orders.insertMany([newOrder({ id: 'ord_delivered', customerId: 'cus_ann', status: 'DELIVERED' })]);
    expect((await cancel(admin, 'ord_delivered')).errors?.[0]?.extensions).toEqual({ code: 'INVALID_STATE', from: 'DELIVERED', to: 'CANCELLED' });
  });

  it('when an order is cancelled twice, then the second is INVALID_STATE', async () => {
    const id = await placeFor(ann);
    await cancel(ann, id);
    expect((await cancel(ann, id)).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('when the reason is blank, then the answer is InvalidOrderInput and nothing changes', async () => {
    const id = await placeFor(ann);
    const { result } = await cancel(ann, id, ' ');
    expect(result).toEqual({ __typename: 'InvalidOrderInput', message: 'The reason is missing.', problems: [{ field: 'reason', message: 'The reason is missing' }] });
    expect((await createRepositories(deps.db).orders.findByIds([id]))[0]?.status).toBe('CONFIRMED');
  });

  it('when the order does not exist, then the error is NOT_FOUND; anonymous callers are UNAUTHENTICATED', async () => {
    expect((await cancel(admin, 'ord_nope')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await cancel(null, 'ord_nope')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the provider is down at cancellation, then the order stays CANCELLED and the refund retry finishes it later', async () => {
    const id = await placeFor(ann);
    provider.setOutage(true);
    const { result } = await cancel(ann, id);
    expect(result).toMatchObject({ refunded: false, order: { status: 'CANCELLED' } });
    expect(await server.app.useCases.ordering.retryOwedRefunds()).toBe(0);
    provider.setOutage(false);
    expect(await server.app.useCases.ordering.retryOwedRefunds()).toBeGreaterThanOrEqual(1);
    expect((await createRepositories(deps.db).orders.findByIds([id]))[0]?.status).toBe('REFUNDED');
    expect((await createRepositories(deps.db).payments.findByOrderId(id))?.status).toBe('REFUNDED');
  });
});
