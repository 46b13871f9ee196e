import { randomUUID } from 'node:crypto';
import { SUBJECTS, type DurableSubject, type EventEnvelope, type RunningConsumer } from '@qc/shared';
import { FULFILLMENT_TASK_CREATED_CONSUMER } from '../../src/events/fulfillment-task-created';
import { createTestDeps, exampleEvent, examplePayload, until, waitForAcks, type TestDeps } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { createRepositories } from '../../src/data';
import type { OrderStatus } from '../../src/domain/order-status';
import { PaymentService, SimulatedPaymentProvider } from '../../src/data/payment-provider';
import { newOrder } from '../support/fixtures';
import { startOrderEventConsumers } from '../../src/events/consumers';

let deps: TestDeps;
let provider: SimulatedPaymentProvider;
let payments: PaymentService;
let consumers: RunningConsumer[] = [];

beforeAll(async () => {
  deps = await createTestDeps('orders_consumers', migrations);
  await createRepositories(deps.db).customers.upsertMany([{ id: 'cus_ann', name: 'Ann', email: 'ann@example.com' }]);
  provider = new SimulatedPaymentProvider();
  payments = new PaymentService(provider, { timeoutMs: 2000, errorThresholdPercentage: 50, resetTimeoutMs: 10_000, volumeThreshold: 10, rollingCountTimeoutMs: 10_000 }, deps.log);
  consumers = await startOrderEventConsumers(deps, payments, { retryDelayMs: 50 });
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  payments.shutdown();
  await deps.close();
});

let seq = 0;
const seed = async (status: OrderStatus = 'CONFIRMED'): Promise<string> => {
  const id = `ord_ev${++seq}_${randomUUID().slice(0, 8)}`;
  await createRepositories(deps.db).orders.insertMany([newOrder({ id, customerId: 'cus_ann', status })]);
  return id;
};

/** Publishes the contract's example event of `subject` with `fields` changed (an undefined field is left out). */
const publish = async (subject: DurableSubject, fields: Record<string, unknown>, id: string = randomUUID()): Promise<EventEnvelope> => {
  const event: EventEnvelope = exampleEvent(subject, fields, id);
  await deps.events.publish(event);
  return event;
};

/** Waits until every consumer has processed these events (ack'd in the same transaction as the change). */
const processed = (...events: EventEnvelope[]) =>
  until(async () => (await deps.db('processed_events').whereIn('event_id', events.map((e) => e.id)).count('* as n').first())?.n === String(events.length));

const statusOf = async (orderId: string) => (await deps.db('orders').where('id', orderId).first()).status as OrderStatus;
const history = async (orderId: string) =>
  (await deps.db('order_status_history').where('order_id', orderId).orderBy([{ column: 'at' }, { column: 'id' }])).map((h) => [h.from_status, h.to_status, h.actor]);
const outboxTransitions = async (orderId: string) =>
  (await deps.db('outbox').where('subject', SUBJECTS.ordersStatusChanged).whereRaw("payload->>'orderId' = ?", [orderId]).orderBy('seq')).map((r) => [
    r.payload.from,
    r.payload.to,
    r.payload.actor,
  ]);

describe('fulfillment and delivery events move the order', () => {
  it('when each event of the happy path arrives in order, then the status follows with history and status_changed events', async () => {
    const orderId = await seed();
    const steps: [DurableSubject, OrderStatus][] = [
      [SUBJECTS.fulfillmentTaskCreated, 'ASSIGNED_TO_STORE'],
      [SUBJECTS.fulfillmentPickingStarted, 'PICKING'],
      [SUBJECTS.fulfillmentPacked, 'PACKED'],
      [SUBJECTS.deliveryAssigned, 'ASSIGNED_TO_COURIER'],
      [SUBJECTS.deliveryPickedUp, 'IN_TRANSIT'],
      [SUBJECTS.deliveryDelivered, 'DELIVERED'],
    ];
    for (const [subject, expected] of steps) {
      await processed(await publish(subject, { orderId, courierId: 'cou_1' }));
      expect(await statusOf(orderId)).toBe(expected);
    }
    const moves = [
      ['CONFIRMED', 'ASSIGNED_TO_STORE', 'fulfillment'],
      ['ASSIGNED_TO_STORE', 'PICKING', 'fulfillment'],
      ['PICKING', 'PACKED', 'fulfillment'],
      ['PACKED', 'ASSIGNED_TO_COURIER', 'delivery'],
      ['ASSIGNED_TO_COURIER', 'PICKED_UP', 'delivery'],
      ['PICKED_UP', 'IN_TRANSIT', 'delivery'],
      ['IN_TRANSIT', 'DELIVERED', 'delivery'],
    ];
    expect((await history(orderId)).slice(2)).toEqual(moves);
    expect(await outboxTransitions(orderId)).toEqual(moves);
    expect((await deps.db('orders').where('id', orderId).first()).courier_id).toBe('cou_1');
  });

  it('when a status event moves an order, then its orders.status_changed carries what a transition writes, at never before the previous change', async () => {
    // Updated in the future (a clock ahead): the move is stamped at that time, not before it.
    const ahead = new Date(Date.now() + 3_600_000 + 123);
    const orderId = `ord_ev${++seq}_${randomUUID().slice(0, 8)}`;
    await createRepositories(deps.db).orders.insertMany([newOrder({ id: orderId, customerId: 'cus_ann', storeId: 'str_7', status: 'CONFIRMED', updatedAt: ahead })]);
    await processed(await publish(SUBJECTS.fulfillmentTaskCreated, { orderId }));
    const [row] = await deps.db('outbox').where('subject', SUBJECTS.ordersStatusChanged).whereRaw("payload->>'orderId' = ?", [orderId]);
    expect(row.payload).toEqual({
      orderId,
      customerId: 'cus_ann',
      storeId: 'str_7',
      from: 'CONFIRMED',
      to: 'ASSIGNED_TO_STORE',
      actor: 'fulfillment',
      reason: SUBJECTS.fulfillmentTaskCreated,
      at: ahead.toISOString(),
    });
    const order = await deps.db('orders').where('id', orderId).first();
    expect([order.status, order.updated_at.toISOString()]).toEqual(['ASSIGNED_TO_STORE', ahead.toISOString()]);
    const moved = await deps.db('order_status_history').where({ order_id: orderId, to_status: 'ASSIGNED_TO_STORE' }).first();
    expect([moved.from_status, moved.actor, moved.reason, moved.at.toISOString()]).toEqual(['CONFIRMED', 'fulfillment', SUBJECTS.fulfillmentTaskCreated, ahead.toISOString()]);
  });

  it('when a second courier is assigned after the first delivery failed, then the order names the second; an assignment without a courier is dead-lettered', async () => {
    const orderId = await seed('PACKED');
    await processed(await publish(SUBJECTS.deliveryAssigned, { orderId, courierId: 'cou_first' }));
    await processed(await publish(SUBJECTS.deliveryAssigned, { orderId, courierId: 'cou_second' }));
    expect((await deps.db('orders').where('id', orderId).first()).courier_id).toBe('cou_second');
    expect(await history(orderId)).toHaveLength(3); // one ASSIGNED_TO_COURIER, the second event only re-names the courier

    const malformed = await publish(SUBJECTS.deliveryAssigned, { orderId, courierId: undefined });
    await until(async () => (await deps.events.listDeadLetters('orders-delivery-assigned')).some((d) => d.event?.id === malformed.id && /^payload breaks the delivery.assigned contract: courierId: /.test(d.reason)));
    expect((await deps.db('orders').where('id', orderId).first()).courier_id).toBe('cou_second');
  });

  it('when the same event is delivered twice, then the second delivery changes nothing', async () => {
    const orderId = await seed();
    const event: EventEnvelope = { id: randomUUID(), subject: SUBJECTS.fulfillmentTaskCreated, occurredAt: new Date().toISOString(), data: examplePayload(SUBJECTS.fulfillmentTaskCreated, { orderId }) };
    // Bypass JetStream's message-id de-duplication, as a redelivery after a lost ack would.
    await deps.events.js.publish(deps.events.subject(event.subject), JSON.stringify(event));
    await deps.events.js.publish(deps.events.subject(event.subject), JSON.stringify(event));
    await processed(event);
    // A second task_created with another id (a replay by fulfillment) is a no-op too: the order is already there.
    await processed(await publish(SUBJECTS.fulfillmentTaskCreated, { orderId }));
    // Both copies of the first event were taken and acknowledged, not just the first.
    await waitForAcks(deps.events, FULFILLMENT_TASK_CREATED_CONSUMER);
    expect(await statusOf(orderId)).toBe('ASSIGNED_TO_STORE');
    expect(await history(orderId)).toHaveLength(3);
    expect(await outboxTransitions(orderId)).toHaveLength(1);
  });

  it('when delivery.assigned arrives before fulfillment.packed, then it is deferred and applied right after packing', async () => {
    const orderId = await seed('PICKING');
    const assigned = await publish(SUBJECTS.deliveryAssigned, { orderId, courierId: 'cou_1' });
    await processed(assigned);
    expect(await statusOf(orderId)).toBe('PICKING');
    expect(await deps.db('deferred_transitions').where('order_id', orderId).select('target_status', 'actor', 'event_id')).toEqual([
      { target_status: 'ASSIGNED_TO_COURIER', actor: 'delivery', event_id: assigned.id },
    ]);

    await processed(await publish(SUBJECTS.fulfillmentPacked, { orderId }));
    expect(await statusOf(orderId)).toBe('ASSIGNED_TO_COURIER');
    expect((await history(orderId)).slice(-2)).toEqual([
      ['PICKING', 'PACKED', 'fulfillment'],
      ['PACKED', 'ASSIGNED_TO_COURIER', 'delivery'],
    ]);
    expect(await outboxTransitions(orderId)).toEqual([
      ['PICKING', 'PACKED', 'fulfillment'],
      ['PACKED', 'ASSIGNED_TO_COURIER', 'delivery'],
    ]);
    expect(await deps.db('deferred_transitions').where('order_id', orderId)).toEqual([]);
  });

  it('when picked_up and delivered both arrive before the courier was assigned, then all apply in happy-path order once assigned', async () => {
    const orderId = await seed('PACKED');
    await processed(await publish(SUBJECTS.deliveryDelivered, { orderId }), await publish(SUBJECTS.deliveryPickedUp, { orderId }));
    expect(await statusOf(orderId)).toBe('PACKED');
    await processed(await publish(SUBJECTS.deliveryAssigned, { orderId, courierId: 'cou_1' }));
    expect(await statusOf(orderId)).toBe('DELIVERED');
    expect((await history(orderId)).slice(2).map(([, to]) => to)).toEqual(['ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);
  });

  it('when the order was cancelled, then later fulfillment and delivery events are ignored (and not dead-lettered)', async () => {
    const orderId = await seed('CANCELLED');
    const events = [await publish(SUBJECTS.fulfillmentPacked, { orderId }), await publish(SUBJECTS.deliveryAssigned, { orderId, courierId: 'cou_1' }), await publish(SUBJECTS.deliveryPickedUp, { orderId })];
    await processed(...events);
    expect(await statusOf(orderId)).toBe('CANCELLED');
    expect(await history(orderId)).toHaveLength(2);
    expect(await outboxTransitions(orderId)).toEqual([]);
    expect(await deps.db('deferred_transitions').where('order_id', orderId)).toEqual([]);
    expect(await deps.events.listDeadLetters('orders-fulfillment-packed')).toEqual([]);
  });

  it('when an item is missing, then quantity × unit price is refunded through the provider and recorded, with no status change', async () => {
    const orderId = await seed('PICKING');
    const auth = await provider.authorize({ orderId, customerId: 'cus_ann', amountCents: 500, currency: 'EUR', method: 'card_ok' });
    if (auth.outcome !== 'authorized') throw new Error('not authorized');
    await createRepositories(deps.db).payments.insert({ orderId, provider: provider.name, method: 'card_ok', providerPaymentId: auth.paymentId, amountCents: 500, currency: 'EUR', status: 'AUTHORIZED', failureReason: null });
    const callsBefore = provider.calls;

    const event = await publish(SUBJECTS.fulfillmentItemMissing, { orderId, taskId: 't1', storeId: 'str_1', productId: 'prd_1', quantity: 1, actor: 'stf_1', at: new Date().toISOString() });
    await processed(event);
    // Recorded with the event, asked of the provider once that committed.
    await until(async () => (await createRepositories(deps.db).partialRefunds.findByOrderId(orderId))[0]?.status === 'REFUNDED');
    const refundId = `item_missing:${event.id}`;
    expect(await createRepositories(deps.db).partialRefunds.findByOrderId(orderId)).toEqual([
      { eventId: event.id, orderId, productId: 'prd_1', quantity: 1, amountCents: 250, currency: 'EUR', status: 'REFUNDED', actor: 'fulfillment', refundId },
    ]);
    expect(await createRepositories(deps.db).refunds.findByOrderId(orderId)).toMatchObject([{ id: refundId, kind: 'ITEM_MISSING', amountCents: 250, status: 'REFUNDED', attempts: 1 }]);
    expect(provider.calls).toBe(callsBefore + 1);
    expect(provider.payments.get(auth.paymentId)).toMatchObject({ refundedCents: 250 });
    expect(provider.isFullyRefunded(auth.paymentId)).toBe(false);
    expect(await statusOf(orderId)).toBe('PICKING');
    expect(await outboxTransitions(orderId)).toEqual([]);
  });
});
