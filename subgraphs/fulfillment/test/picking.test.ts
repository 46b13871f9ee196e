import { randomUUID } from 'node:crypto';
import type { ConsumerMessages } from 'nats';
import { envelopesOf, SUBJECTS, type EventEnvelope, type Identity } from '@qc/shared';
import { createTestDeps, postGraphQL, startTestSubgraph, until, waitForAcks, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../migrations';
import { createRepositories } from '../src/data';
import { prepMinutes } from '../src/domain/prep-time';
import { ORDERS_CONFIRMED_CONSUMER, ORDERS_STATUS_CHANGED_CONSUMER } from '../src/events';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;
let reader: ConsumerMessages;
/** Everything fulfillment published, as consumed from the stream by this test. */
const published: EventEnvelope<any>[] = [];

const staffOf = (storeId: string): Identity => ({ sub: `staff-${storeId}`, role: 'store_staff', storeId });
const admin: Identity = { sub: 'root', role: 'admin' };

const START = 'mutation($o: ID!) { startPicking(orderId: $o) { id status startedAt } }';
const MISSING = 'mutation($o: ID!, $p: ID!, $q: Int!) { markItemMissing(orderId: $o, productId: $p, quantity: $q) { status items { product { id } quantity missingQuantity } } }';
const PACK = 'mutation($o: ID!) { markPacked(orderId: $o) { status packedAt } }';


const newOrderId = () => `ord_${randomUUID().slice(0, 8)}`;
const taskOf = async (orderId: string) => (await createRepositories(deps.db).pickTasks.findByOrderIds([orderId]))[0];
const itemsOf = async (taskId: string) => createRepositories(deps.db).pickTaskItems.findByTaskIds([taskId]);
const eventsFor = (subject: string, orderId: string) => published.filter((e) => e.subject === subject && e.data.orderId === orderId);
const loadsOf = (storeId: string) => published.filter((e) => e.subject === SUBJECTS.fulfillmentStoreLoad && e.data.storeId === storeId).map((e) => e.data.openTasks);
/** Outbox rows written for an order (the event exists exactly when its change committed). */
const outboxFor = async (orderId: string) => (await deps.db('outbox').whereRaw("payload->>'orderId' = ?", [orderId]).select('subject')).map((r) => r.subject).sort();

const confirmedEvent = (orderId: string, storeId: string, items: { productId: string; quantity: number }[], confirmedAt = new Date()): EventEnvelope => ({
  id: randomUUID(),
  subject: SUBJECTS.ordersConfirmed,
  occurredAt: confirmedAt.toISOString(),
  data: {
    orderId,
    customerId: 'cus_1',
    storeId,
    reservationId: `res_${orderId}`,
    items: items.map((i) => ({ ...i, unitPriceCents: 199, currency: 'EUR' })),
    totalCents: 199 * items.reduce((n, i) => n + i.quantity, 0),
    currency: 'EUR',
    deliveryLocation: { lat: 52.52, lng: 13.4 },
    confirmedAt: confirmedAt.toISOString(),
  },
});

const statusEvent = (orderId: string, storeId: string, from: string, to: string): EventEnvelope => ({
  id: randomUUID(),
  subject: SUBJECTS.ordersStatusChanged,
  occurredAt: new Date().toISOString(),
  data: { orderId, customerId: 'cus_1', storeId, from, to, actor: 'cus_1', reason: to === 'CANCELLED' ? 'changed my mind' : null, at: new Date().toISOString() },
});

const processed = async (eventId: string) => (await deps.db('processed_events').where('event_id', eventId).first()) !== undefined;

/** Publishes like orders' relay would and waits until fulfillment applied it. */
const deliver = async (event: EventEnvelope) => {
  await deps.events.publish(event);
  await until(() => processed(event.id));
};

/** An order confirmed at `storeId`, queued through the event path, as staff would find it. */
const queued = async (storeId: string, items = [{ productId: 'prd_milk', quantity: 2 }, { productId: 'prd_eggs', quantity: 1 }], confirmedAt = new Date()) => {
  const orderId = newOrderId();
  await deliver(confirmedEvent(orderId, storeId, items, confirmedAt));
  return orderId;
};

const picking = async (storeId: string, items?: { productId: string; quantity: number }[]) => {
  const orderId = await queued(storeId, items);
  const res = await postGraphQL(url, START, { o: orderId }, { identity: staffOf(storeId) });
  expect(res.errors).toBeUndefined();
  return orderId;
};

beforeAll(async () => {
  deps = await createTestDeps('fulfillment', migrations);
  server = await startTestSubgraph(subgraph, deps, { settings: { retryDelayMs: 50 }, workers: true });
  url = server.url;
  // One filter subject as a string: an array becomes `filter_subjects`, which NATS 2.9 servers ignore.
  const consumer = await deps.events.js.consumers.get(deps.events.stream, { filterSubjects: deps.events.subject('fulfillment.>') });
  reader = await consumer.consume();
  void (async () => {
    for await (const msg of reader) published.push(...envelopesOf(msg));
  })();
});

afterAll(async () => {
  await reader.close();
  await server.stop();
  await deps.close();
});

describe('queueing confirmed orders (orders.confirmed)', () => {
  it('when orders.confirmed is delivered twice, then exactly one task is queued and task_created is published once', async () => {
    const orderId = newOrderId();
    const confirmedAt = new Date(Date.now() - 1000);
    const event = confirmedEvent(orderId, 'str_dup', [{ productId: 'prd_a', quantity: 3 }, { productId: 'prd_b', quantity: 1 }], confirmedAt);
    // Bypass JetStream's message-id de-duplication, as a redelivery after a lost ack would.
    await deps.events.js.publish(deps.events.subject(event.subject), JSON.stringify(event));
    await deps.events.js.publish(deps.events.subject(event.subject), JSON.stringify(event));
    await until(() => processed(event.id));
    await until(() => eventsFor(SUBJECTS.fulfillmentTaskCreated, orderId).length === 1);
    // The second delivery was taken and acknowledged (skipped).
    await waitForAcks(deps.events, ORDERS_CONFIRMED_CONSUMER);

    const tasks = await createRepositories(deps.db).pickTasks.findByOrderIds([orderId]);
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task).toMatchObject({ orderId, storeId: 'str_dup', status: 'QUEUED', startedAt: null, packedAt: null });
    expect(task!.id).toMatch(/^pck_[a-z2-7]{20}$/);
    const minutes = prepMinutes({ lines: 2, units: 4, openTasksAhead: 0 });
    expect(task!.promisedReadyAt).toEqual(new Date(confirmedAt.getTime() + minutes * 60_000));
    expect(await itemsOf(task!.id)).toEqual([
      { taskId: task!.id, productId: 'prd_a', quantity: 3, missingQuantity: 0 },
      { taskId: task!.id, productId: 'prd_b', quantity: 1, missingQuantity: 0 },
    ]);
    expect(eventsFor(SUBJECTS.fulfillmentTaskCreated, orderId).map((e) => e.data)).toEqual([
      {
        orderId,
        taskId: task!.id,
        storeId: 'str_dup',
        items: [
          { productId: 'prd_a', quantity: 3 },
          { productId: 'prd_b', quantity: 1 },
        ],
        promisedReadyAt: task!.promisedReadyAt.toISOString(),
        createdAt: task!.createdAt.toISOString(),
      },
    ]);
    expect(loadsOf('str_dup')).toEqual([1]);
  });

  it('when the same order is confirmed again under a new event id, then it still has one task and nothing more is published', async () => {
    const orderId = await queued('str_again');
    await deliver(confirmedEvent(orderId, 'str_again', [{ productId: 'prd_x', quantity: 9 }]));
    expect(await createRepositories(deps.db).pickTasks.findByOrderIds([orderId])).toHaveLength(1);
    expect(await outboxFor(orderId)).toEqual([SUBJECTS.fulfillmentTaskCreated]);
  });

  it('when a store already has open tasks, then a new order is promised later, and store_load counts every one', async () => {
    const confirmedAt = new Date();
    const one = [{ productId: 'prd_a', quantity: 1 }];
    const first = await queued('str_busy', one, confirmedAt);
    for (let i = 0; i < 11; i++) await queued('str_busy', one);
    const last = await queued('str_busy', one, confirmedAt);
    const promisedMinutes = async (orderId: string) => ((await taskOf(orderId))!.promisedReadyAt.getTime() - confirmedAt.getTime()) / 60_000;
    expect(await promisedMinutes(first)).toBe(10);
    // 8 + 1 line + 0.25 × 1 unit + 0.5 × 12 open tasks ahead = 15.25 → 16.
    expect(await promisedMinutes(last)).toBe(16);
    await until(() => loadsOf('str_busy').length === 13);
    expect(loadsOf('str_busy')).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  });

  it('when orders.confirmed breaks the contract, then it is dead-lettered with the reason and nothing is queued', async () => {
    const orderId = newOrderId();
    const event = confirmedEvent(orderId, 'str_bad', [{ productId: 'prd_a', quantity: 0 }]);
    await deps.events.publish(event);
    await until(async () => (await deps.events.listDeadLetters(ORDERS_CONFIRMED_CONSUMER)).some((l) => l.event?.id === event.id), 'the dead letter');
    const letter = (await deps.events.listDeadLetters(ORDERS_CONFIRMED_CONSUMER)).find((l) => l.event?.id === event.id);
    expect(letter?.reason).toBe('payload breaks the orders.confirmed contract: items.0.quantity: Too small: expected number to be >=1');
    expect(letter?.deliveries).toBe(1);
    expect(await taskOf(orderId)).toBeUndefined();
  });
});

describe('picking and packing', () => {
  it('when staff start, report a missing item and pack, then the task moves QUEUED → PICKING → PACKED and each step is published', async () => {
    const orderId = await queued('str_happy', [
      { productId: 'prd_milk', quantity: 2 },
      { productId: 'prd_eggs', quantity: 1 },
      { productId: 'prd_salt', quantity: 1 },
    ]);
    const staff = staffOf('str_happy');
    const task = (await taskOf(orderId))!;

    const started = await postGraphQL(url, START, { o: orderId }, { identity: staff });
    expect(started.errors).toBeUndefined();
    expect(started.data).toEqual({ startPicking: { id: task.id, status: 'PICKING', startedAt: expect.any(String) } });

    const missing = await postGraphQL(url, MISSING, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staff });
    expect(missing.errors).toBeUndefined();
    const missingSalt = await postGraphQL(url, MISSING, { o: orderId, p: 'prd_salt', q: 1 }, { identity: staff });
    expect(missingSalt.data).toEqual({
      markItemMissing: {
        status: 'PICKING',
        items: [
          { product: { id: 'prd_eggs' }, quantity: 1, missingQuantity: 0 },
          { product: { id: 'prd_milk' }, quantity: 2, missingQuantity: 1 },
          { product: { id: 'prd_salt' }, quantity: 1, missingQuantity: 1 },
        ],
      },
    });

    const packed = await postGraphQL(url, PACK, { o: orderId }, { identity: staff });
    expect(packed.errors).toBeUndefined();
    expect(packed.data).toEqual({ markPacked: { status: 'PACKED', packedAt: expect.any(String) } });

    await until(() => eventsFor(SUBJECTS.fulfillmentPacked, orderId).length === 1);
    const after = (await taskOf(orderId))!;
    expect(eventsFor(SUBJECTS.fulfillmentPickingStarted, orderId).map((e) => e.data)).toEqual([
      { orderId, taskId: task.id, storeId: 'str_happy', actor: 'staff-str_happy', startedAt: after.startedAt!.toISOString() },
    ]);
    expect(eventsFor(SUBJECTS.fulfillmentItemMissing, orderId).map((e) => e.data)).toEqual([
      { orderId, taskId: task.id, storeId: 'str_happy', productId: 'prd_milk', quantity: 1, actor: 'staff-str_happy', at: expect.any(String) },
      { orderId, taskId: task.id, storeId: 'str_happy', productId: 'prd_salt', quantity: 1, actor: 'staff-str_happy', at: expect.any(String) },
    ]);
    // The bag: ordered minus missing; the salt line is gone entirely.
    expect(eventsFor(SUBJECTS.fulfillmentPacked, orderId).map((e) => e.data)).toEqual([
      {
        orderId,
        taskId: task.id,
        storeId: 'str_happy',
        items: [
          { productId: 'prd_eggs', quantity: 1 },
          { productId: 'prd_milk', quantity: 1 },
        ],
        packedAt: after.packedAt!.toISOString(),
      },
    ]);
    // Queued (1 open), then packed (0 open); starting to pick changes no count.
    await until(() => loadsOf('str_happy').length === 2);
    expect(loadsOf('str_happy')).toEqual([1, 0]);
    // Subscribers get the events in the order things happened.
    const subjects = published.filter((e) => e.data.orderId === orderId).map((e) => e.subject);
    expect(subjects).toEqual([
      SUBJECTS.fulfillmentTaskCreated,
      SUBJECTS.fulfillmentPickingStarted,
      SUBJECTS.fulfillmentItemMissing,
      SUBJECTS.fulfillmentItemMissing,
      SUBJECTS.fulfillmentPacked,
    ]);
  });

  it('when an admin works on any store, then it is allowed', async () => {
    const orderId = await queued('str_admin');
    const res = await postGraphQL(url, START, { o: orderId }, { identity: admin });
    expect(res.errors).toBeUndefined();
    expect((await taskOf(orderId))!.status).toBe('PICKING');
  });

  it.each([
    ['packed while still QUEUED', PACK, 'QUEUED', 'Cannot pack this pick task: it is still QUEUED: start picking first.'],
    ['reported missing while still QUEUED', MISSING, 'QUEUED', 'Cannot report a missing item for this pick task: it is still QUEUED: start picking first.'],
  ])('when a task is %s, then the error is INVALID_STATE with the reason and nothing changes', async (_what, mutation, status, message) => {
    const orderId = await queued('str_state');
    const before = await taskOf(orderId);
    const res = await postGraphQL(url, mutation, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staffOf('str_state') });
    expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'INVALID_STATE', status } });
    expect(await taskOf(orderId)).toEqual(before);
    expect((await itemsOf(before!.id)).every((i) => i.missingQuantity === 0)).toBe(true);
    expect(await outboxFor(orderId)).toEqual([SUBJECTS.fulfillmentTaskCreated]);
  });

  it('when picking is started twice or a packed task is touched again, then INVALID_STATE says where the task is', async () => {
    const orderId = await picking('str_state');
    const again = await postGraphQL(url, START, { o: orderId }, { identity: staffOf('str_state') });
    expect(again.errors?.[0]).toMatchObject({ message: 'Cannot start picking this pick task: it is already PICKING.', extensions: { code: 'INVALID_STATE' } });
    await postGraphQL(url, PACK, { o: orderId }, { identity: staffOf('str_state') });
    const packedTask = await taskOf(orderId);
    for (const mutation of [START, PACK, MISSING]) {
      const res = await postGraphQL(url, mutation, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staffOf('str_state') });
      expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
      expect(res.errors?.[0]?.message).toContain('it is already PACKED');
    }
    expect(await taskOf(orderId)).toEqual(packedTask);
    expect(await outboxFor(orderId)).toEqual([SUBJECTS.fulfillmentPacked, SUBJECTS.fulfillmentPickingStarted, SUBJECTS.fulfillmentTaskCreated]);
  });

  it.each([
    ['a product not in the order', 'prd_caviar', 1, 'productId', 'Cannot report prd_caviar missing: product prd_caviar is not in this order.'],
    ['more units than ordered', 'prd_milk', 3, 'quantity', 'Cannot report prd_milk missing: only 2 unit(s) of prd_milk can still be reported missing (2 ordered, 0 already missing).'],
    ['zero units', 'prd_milk', 0, 'quantity', 'Cannot report prd_milk missing: quantity must be a whole number above zero.'],
  ])('when staff report %s missing, then the error is BAD_USER_INPUT and nothing changes', async (_what, productId, quantity, field, message) => {
    const orderId = await picking('str_input');
    const before = await taskOf(orderId);
    const res = await postGraphQL(url, MISSING, { o: orderId, p: productId, q: quantity }, { identity: staffOf('str_input') });
    expect(res.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field } });
    expect(await taskOf(orderId)).toEqual(before);
    expect((await itemsOf(before!.id)).map((i) => i.missingQuantity)).toEqual([0, 0]);
    expect(await outboxFor(orderId)).toEqual([SUBJECTS.fulfillmentPickingStarted, SUBJECTS.fulfillmentTaskCreated]);
  });

  it('when units were already reported missing, then only the rest can be reported', async () => {
    const orderId = await picking('str_input');
    const staff = staffOf('str_input');
    expect((await postGraphQL(url, MISSING, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staff })).errors).toBeUndefined();
    const tooMany = await postGraphQL(url, MISSING, { o: orderId, p: 'prd_milk', q: 2 }, { identity: staff });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await postGraphQL(url, MISSING, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staff })).errors).toBeUndefined();
  });

  it('when every unit was reported missing, then packing is INVALID_STATE and the task stays PICKING', async () => {
    const orderId = await picking('str_empty', [{ productId: 'prd_a', quantity: 2 }]);
    const staff = staffOf('str_empty');
    await postGraphQL(url, MISSING, { o: orderId, p: 'prd_a', q: 2 }, { identity: staff });
    const res = await postGraphQL(url, PACK, { o: orderId }, { identity: staff });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_STATE' }, message: expect.stringContaining('every item was reported missing') });
    expect((await taskOf(orderId))!.status).toBe('PICKING');
    expect(await outboxFor(orderId)).not.toContain(SUBJECTS.fulfillmentPacked);
  });

  it("when another store's staff work on a task, then the answer is the NOT_FOUND an unknown order gets, and nothing changes", async () => {
    const orderId = await queued('str_mine');
    const before = await taskOf(orderId);
    for (const mutation of [START, MISSING, PACK]) {
      const theirs = await postGraphQL(url, mutation, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staffOf('str_other') });
      const missing = await postGraphQL(url, mutation, { o: 'ord_nowhere', p: 'prd_milk', q: 1 }, { identity: staffOf('str_other') });
      expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(theirs.errors?.[0]?.message.replace(orderId, '<id>')).toBe(missing.errors?.[0]?.message.replace('ord_nowhere', '<id>'));
    }
    expect(await taskOf(orderId)).toEqual(before);
  });

  it('when staff without a store, a customer or a courier work on a task, then the error is FORBIDDEN and nothing changes', async () => {
    const orderId = await queued('str_mine');
    const before = await taskOf(orderId);
    const intruders: Identity[] = [{ sub: 'staff-x', role: 'store_staff' }, { sub: 'cus_1', role: 'customer' }, { sub: 'cou_1', role: 'courier', courierId: 'cou_1' }];
    for (const identity of intruders) {
      for (const mutation of [START, MISSING, PACK]) {
        const res = await postGraphQL(url, mutation, { o: orderId, p: 'prd_milk', q: 1 }, { identity });
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
    expect(await taskOf(orderId)).toEqual(before);
    expect(await outboxFor(orderId)).toEqual([SUBJECTS.fulfillmentTaskCreated]);
  });

  it('when nobody is signed in, then every mutation is UNAUTHENTICATED', async () => {
    const orderId = await queued('str_mine');
    for (const mutation of [START, MISSING, PACK]) {
      const res = await postGraphQL(url, mutation, { o: orderId, p: 'prd_milk', q: 1 });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('when the order has no pick task, then the error is NOT_FOUND', async () => {
    const res = await postGraphQL(url, START, { o: 'ord_nowhere' }, { identity: admin });
    expect(res.errors?.[0]).toMatchObject({ message: 'A pick task for order ord_nowhere does not exist', extensions: { code: 'NOT_FOUND' } });
  });

  it('when two markPacked calls race for one task, then exactly one succeeds and one packed event is published', async () => {
    const orderId = await picking('str_race');
    const staff = staffOf('str_race');
    const results = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(url, PACK, { o: orderId }, { identity: staff })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'INVALID_STATE')).toHaveLength(4);
    expect((await outboxFor(orderId)).filter((s) => s === SUBJECTS.fulfillmentPacked)).toHaveLength(1);
  });

  it('when tasks of one store are packed at the same time, then store_load counts down one by one in publish order', async () => {
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await picking('str_load', [{ productId: 'prd_a', quantity: 1 }]));
    await until(() => loadsOf('str_load').length === 6);
    await Promise.all(orders.map((o) => postGraphQL(url, PACK, { o }, { identity: staffOf('str_load') })));
    await until(() => loadsOf('str_load').length === 12);
    expect(loadsOf('str_load')).toEqual([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0]);
  });
});

describe('cancelled orders (orders.status_changed)', () => {
  it.each([
    ['QUEUED', queued],
    ['PICKING', picking],
  ])('when a %s task’s order is cancelled, then the task is CANCELLED and the store load drops', async (_status, prepare) => {
    const storeId = `str_cancel_${_status.toLowerCase()}`;
    const orderId = await prepare(storeId);
    await deliver(statusEvent(orderId, storeId, 'CONFIRMED', 'CANCELLED'));
    expect((await taskOf(orderId))!.status).toBe('CANCELLED');
    await until(() => loadsOf(storeId).length === 2);
    expect(loadsOf(storeId)).toEqual([1, 0]);
    // Staff can no longer touch it.
    const res = await postGraphQL(url, PACK, { o: orderId }, { identity: staffOf(storeId) });
    expect(res.errors?.[0]?.message).toBe('Cannot pack this pick task: the order was CANCELLED.');
  });

  it('when a packed task’s order is cancelled, then the task stays PACKED and nothing is published', async () => {
    const orderId = await picking('str_cancel_packed');
    await postGraphQL(url, PACK, { o: orderId }, { identity: staffOf('str_cancel_packed') });
    const before = await taskOf(orderId);
    const outboxBefore = await deps.db('outbox').count('* as n').first();
    await deliver(statusEvent(orderId, 'str_cancel_packed', 'PACKED', 'CANCELLED'));
    expect(await taskOf(orderId)).toEqual(before);
    expect(await deps.db('outbox').count('* as n').first()).toEqual(outboxBefore);
  });

  it('when any other status change is published, then it is not delivered to fulfillment and the task is left alone', async () => {
    const orderId = await queued('str_other_status');
    const before = await taskOf(orderId);
    const jsm = await deps.events.jsm();
    const durable = `${ORDERS_STATUS_CHANGED_CONSUMER}-CANCELLED`;
    const deliveredBefore = (await jsm.consumers.info(deps.events.stream, durable)).delivered.consumer_seq;
    const event = statusEvent(orderId, 'str_other_status', 'CONFIRMED', 'ASSIGNED_TO_STORE');
    await deps.events.publish(event);
    // A cancellation published after it is delivered: the one before it was never sent to the durable.
    const later = await queued('str_other_status_2');
    await deliver(statusEvent(later, 'str_other_status_2', 'ASSIGNED_TO_STORE', 'CANCELLED'));
    await waitForAcks(deps.events, durable);
    expect((await jsm.consumers.info(deps.events.stream, durable)).delivered.consumer_seq).toBe(deliveredBefore + 1);
    expect(await taskOf(orderId)).toEqual(before);
    // Nothing was applied, so nothing was recorded: a redelivery could change nothing either.
    expect(await processed(event.id)).toBe(false);
  });

  it('when the cancellation overtakes the confirmation, then the late confirmation queues nothing', async () => {
    const orderId = newOrderId();
    await deliver(statusEvent(orderId, 'str_overtaken', 'CONFIRMED', 'CANCELLED'));
    await deliver(confirmedEvent(orderId, 'str_overtaken', [{ productId: 'prd_a', quantity: 1 }]));
    expect(await taskOf(orderId)).toBeUndefined();
    expect(await outboxFor(orderId)).toEqual([]);
  });
});

describe('staff steps with result unions (beginPicking, reportItemMissing, packOrder)', () => {
  const BEGIN = 'mutation($o: ID!) { beginPicking(orderId: $o) { __typename ... on PickTaskUpdated { task { status startedAt } } ... on PickTaskStatusConflict { message task { status } } } }';
  const REPORT = `mutation($o: ID!, $p: ID!, $q: Int!) {
    reportItemMissing(orderId: $o, productId: $p, quantity: $q) {
      __typename
      ... on PickTaskUpdated { task { items { product { id } missingQuantity } } }
      ... on PickTaskStatusConflict { message task { status } }
      ... on MissingItemRejected { message field task { status } }
    }
  }`;
  const PACK_ORDER = 'mutation($o: ID!) { packOrder(orderId: $o) { __typename ... on PickTaskUpdated { task { status } } ... on PickTaskStatusConflict { message } ... on NothingToPack { message task { status } } } }';

  it('when staff start, report and pack a task, then each answer is PickTaskUpdated with the task as the step left it', async () => {
    const orderId = await queued('str_union');
    const staff = staffOf('str_union');
    expect((await postGraphQL<any>(url, BEGIN, { o: orderId }, { identity: staff })).data.beginPicking).toEqual({
      __typename: 'PickTaskUpdated',
      task: { status: 'PICKING', startedAt: expect.any(String) },
    });
    const reported = await postGraphQL<any>(url, REPORT, { o: orderId, p: 'prd_milk', q: 1 }, { identity: staff });
    expect(reported.data.reportItemMissing.__typename).toBe('PickTaskUpdated');
    expect(reported.data.reportItemMissing.task.items).toContainEqual({ product: { id: 'prd_milk' }, missingQuantity: 1 });
    expect((await postGraphQL<any>(url, PACK_ORDER, { o: orderId }, { identity: staff })).data.packOrder).toEqual({ __typename: 'PickTaskUpdated', task: { status: 'PACKED' } });
  });

  it('when a step does not fit the task, then the answer is the refusal with the task as it is, no error, and nothing changes', async () => {
    const orderId = await picking('str_union');
    const staff = staffOf('str_union');
    const before = await taskOf(orderId);
    const again = await postGraphQL<any>(url, BEGIN, { o: orderId }, { identity: staff });
    expect(again.errors).toBeUndefined();
    expect(again.data.beginPicking).toEqual({
      __typename: 'PickTaskStatusConflict',
      message: 'Cannot start picking this pick task: it is already PICKING.',
      task: { status: 'PICKING' },
    });
    expect((await postGraphQL<any>(url, REPORT, { o: orderId, p: 'prd_milk', q: 3 }, { identity: staff })).data.reportItemMissing).toEqual({
      __typename: 'MissingItemRejected',
      message: 'Cannot report prd_milk missing: only 2 unit(s) of prd_milk can still be reported missing (2 ordered, 0 already missing).',
      field: 'quantity',
      task: { status: 'PICKING' },
    });
    expect(await taskOf(orderId)).toEqual(before);
    expect(await outboxFor(orderId)).toEqual([SUBJECTS.fulfillmentPickingStarted, SUBJECTS.fulfillmentTaskCreated]);
  });

  it('when every unit was reported missing, then packOrder answers NothingToPack and the task stays PICKING', async () => {
    const orderId = await picking('str_union', [{ productId: 'prd_a', quantity: 1 }]);
    const staff = staffOf('str_union');
    expect((await postGraphQL<any>(url, REPORT, { o: orderId, p: 'prd_a', q: 1 }, { identity: staff })).data.reportItemMissing.__typename).toBe('PickTaskUpdated');
    const packed = await postGraphQL<any>(url, PACK_ORDER, { o: orderId }, { identity: staff });
    expect(packed.data.packOrder).toEqual({ __typename: 'NothingToPack', message: expect.stringContaining('nothing to deliver'), task: { status: 'PICKING' } });
    expect((await taskOf(orderId))!.status).toBe('PICKING');
  });

  it("when staff of another store take a step, then it is still NOT_FOUND, an error: the task's existence is not told", async () => {
    const orderId = await queued('str_union');
    const res = await postGraphQL<any>(url, BEGIN, { o: orderId }, { identity: staffOf('str_elsewhere') });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await taskOf(orderId))!.status).toBe('QUEUED');
  });
});
