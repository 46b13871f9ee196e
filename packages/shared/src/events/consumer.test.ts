import { headers as natsHeaders } from 'nats';
import { randomUUID } from 'node:crypto';
import { withTimeout } from '../connections';
import { createDb } from '../db';
import { DependencyDownError } from '../infra-errors';
import { createTestDeps, exampleEvent, startTcpProxy, TEST_DATABASE_URL, until, waitForAcks, type TestDeps } from '../testing';
import { EventBus, type DeadLetterInput } from './bus';
import { ledgerOf, startConsumer, startTokenConsumers, type IdempotentHandlers, type RunningConsumer } from './consumer';
import { eventTablesMigration, outboxTraceContextMigration } from './tables';
import { SUBJECTS } from './subjects';
import { PACK_HEADER } from './pack';

const packHeaders = () => {
  const h = natsHeaders();
  h.set(PACK_HEADER, '1');
  return h;
};

let deps: TestDeps;
let consumers: RunningConsumer[] = [];
let buses: EventBus[] = [];
let n = 0;

beforeAll(async () => {
  deps = await createTestDeps('consumer', [eventTablesMigration, outboxTraceContextMigration]);
  await deps.db.schema.createTable('ledger', (t) => {
    t.text('order_id').primary();
    t.integer('applied').notNullable();
  });
});

afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await Promise.all(buses.map((b) => b.destroy()));
  consumers = [];
  buses = [];
});

afterAll(async () => {
  await deps.close();
});

/** An event space of its own for each test, so no test's poison reaches another's consumer. */
async function freshBus(make: (prefix: string) => EventBus = (prefix) => new EventBus(deps.nats, prefix)): Promise<EventBus> {
  const bus = make(`${deps.schema}_${++n}`);
  await bus.ensureStream();
  buses.push(bus);
  return bus;
}

async function ledgerConsumer(
  bus: EventBus,
  opts: { fail?: (orderId: string) => unknown; maxDeliver?: number; db?: TestDeps['db']; ignores?: (orderId: string) => boolean } = {},
): Promise<RunningConsumer> {
  const consumer = await startConsumer({
    bus,
    db: opts.db ?? deps.db,
    log: deps.log,
    name: 'ledger',
    subject: SUBJECTS.ordersConfirmed,
    maxDeliver: opts.maxDeliver ?? 3,
    retryDelayMs: 50,
    ...(opts.ignores ? { ignores: (event: { data: { orderId: string } }) => opts.ignores!(event.data.orderId) } : {}),
    handle: async (event, trx) => {
      const failure = opts.fail?.(event.data.orderId);
      if (failure !== undefined) throw failure;
      await trx('ledger').insert({ order_id: event.data.orderId, applied: 1 }).onConflict('order_id').merge({ applied: trx.raw('ledger.applied + 1') });
    },
  });
  consumers.push(consumer);
  return consumer;
}

const applied = async (orderId: string) => (await deps.db('ledger').where('order_id', orderId).first())?.applied ?? 0;

const raw = (bus: EventBus, body: string) => bus.js.publish(bus.subject(SUBJECTS.ordersConfirmed), body);

const good = async (bus: EventBus, orderId: string) => {
  const event = exampleEvent(SUBJECTS.ordersConfirmed, { orderId });
  await bus.publish(event);
  return event;
};

/** Dead letters of the ledger consumer, once there are `count` of them. */
async function deadLetters(bus: EventBus, count: number) {
  await until(async () => (await bus.listDeadLetters('ledger')).length >= count);
  return bus.listDeadLetters('ledger');
}

describe('a consumer that cannot die', () => {
  it('when a JSON null arrives, then it is dead-lettered at once and the events after it are still applied', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus);
    await raw(bus, 'null');
    await good(bus, 'o-after-null');
    await until(async () => (await applied('o-after-null')) === 1);
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ consumer: 'ledger', subject: SUBJECTS.ordersConfirmed, event: null, raw: 'null', deliveries: 1, seq: 1 });
    expect(letter!.reason).toMatch(/^not an event envelope/);
    // Terminated for good: nothing waits for an ack (a TERM the server ignored would come back after the ack wait).
    await waitForAcks(bus, 'ledger');
  });

  it('when the handler keeps failing with a multi-line message, then it is dead-lettered with that reason on one line', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus, { maxDeliver: 2, fail: (id) => (id === 'o-multiline' ? new Error('first line\r\nsecond line\nthird') : undefined) });
    const poison = await good(bus, 'o-multiline');
    await good(bus, 'o-after-multiline');
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'first line second line third', deliveries: 2, event: { id: poison.id } });
    await until(async () => (await applied('o-after-multiline')) === 1);
    expect(await applied('o-multiline')).toBe(0);
    await waitForAcks(bus, 'ledger');
  });

  it('when two different messages are not JSON, then each is dead-lettered under its own id (its stream sequence)', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus);
    await raw(bus, 'not json {');
    await raw(bus, '\u0000\u0001 binary');
    const letters = await deadLetters(bus, 2);
    expect(letters.map((l) => [l.seq, l.raw, l.reason])).toEqual([
      [1, 'not json {', 'message is not JSON'],
      [2, '\u0000\u0001 binary', 'message is not JSON'],
    ]);
  });

  it('when an envelope has another shape, version or subject, a payload breaks the contract, or the handler throws a non-Error, then each is dead-lettered with why', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus, { maxDeliver: 1, fail: (id) => (id === 'o-throws-null' ? null : undefined) });
    const base = exampleEvent(SUBJECTS.ordersConfirmed, { orderId: 'o-never' });
    await raw(bus, JSON.stringify([1, 2]));
    await raw(bus, JSON.stringify({ ...base, version: 2 }));
    await raw(bus, JSON.stringify({ ...base, id: randomUUID(), subject: SUBJECTS.ordersStatusChanged }));
    await raw(bus, JSON.stringify({ id: randomUUID(), subject: SUBJECTS.ordersConfirmed, occurredAt: base.occurredAt }));
    await raw(bus, JSON.stringify({ ...base, id: randomUUID(), data: { ...base.data, items: [], deliveryLocation: { lat: 91, lng: 0 } } }));
    await good(bus, 'o-throws-null');
    const letters = await deadLetters(bus, 6);
    expect(letters.map((l) => l.reason)).toEqual([
      'not an event envelope: (payload): Invalid input: expected object, received array',
      'unknown envelope version 2',
      `envelope names subject ${SUBJECTS.ordersStatusChanged}, not ${SUBJECTS.ordersConfirmed}`,
      'not an event envelope: data: data is missing',
      `payload breaks the ${SUBJECTS.ordersConfirmed} contract: items: Too small: expected array to have >=1 items; deliveryLocation.lat: Too big: expected number to be <=90`,
      'null',
    ]);
    expect(letters[4]!.deliveries).toBe(1);
    expect(await applied('o-never')).toBe(0);
  });

  it('when it is stopped while it still sets up its pull, then stop resolves, and so does a second stop', async () => {
    const bus = await freshBus();
    // startConsumer returns once the durable is declared; the pull is set up after it (a round trip or two).
    const consumer = await ledgerConsumer(bus);
    await expect(withTimeout(consumer.stop(), 5000, 'the first stop')).resolves.toBeUndefined();
    await expect(withTimeout(consumer.stop(), 5000, 'the second stop')).resolves.toBeUndefined();
  });

  it('when its durable consumer is deleted under it, then the loop declares it again and goes on applying events', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus);
    await good(bus, 'o-before-delete');
    await until(async () => (await applied('o-before-delete')) === 1);
    await (await bus.jsm()).consumers.delete(bus.stream, 'ledger');
    await good(bus, 'o-after-delete');
    await until(async () => (await applied('o-after-delete')) === 1, 'the event applied after the consumer was deleted', 20_000);
    expect(await applied('o-before-delete')).toBe(1);
  });

  it('when publishing the dead letter fails, then it is tried again until it is out, and the consumer goes on', async () => {
    let failures = 6; // more than one delivery's worth of tries: the message must come back through JetStream too
    class FlakyBus extends EventBus {
      override async deadLetter(letter: DeadLetterInput): Promise<void> {
        if (failures-- > 0) throw new Error('nats: timeout');
        return super.deadLetter(letter);
      }
    }
    const bus = await freshBus((prefix) => new FlakyBus(deps.nats, prefix));
    await ledgerConsumer(bus);
    await raw(bus, 'null');
    await good(bus, 'o-after-flaky');
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ raw: 'null', seq: 1 });
    expect(letter!.deliveries).toBeGreaterThan(1);
    await until(async () => (await applied('o-after-flaky')) === 1);
    expect(failures).toBeLessThan(0);
  });
});

describe('a consumer applying the events that wait together', () => {
  /** Distinct transactions that wrote these events' processed rows (a row's xmin is its transaction). */
  const transactionsOf = async (eventIds: string[]) =>
    Number((await deps.db('processed_events').where('consumer', 'ledger').whereIn('event_id', eventIds).select(deps.db.raw('count(DISTINCT xmin::text) AS n')).first()).n);

  it('when events are waiting before it starts, then they are applied in fewer transactions than events, each once, a repeated one once', async () => {
    const bus = await freshBus();
    const events = [];
    for (let i = 0; i < 10; i++) events.push(await good(bus, `o-batch-${i}`));
    // The same event again, as a redelivery after a lost ack would bring it (no message-id de-duplication).
    await raw(bus, JSON.stringify({ ...events[3]!, version: 1 }));
    await ledgerConsumer(bus);
    await until(async () => (await applied('o-batch-9')) === 1);
    await waitForAcks(bus, 'ledger');
    for (let i = 0; i < 10; i++) expect(await applied(`o-batch-${i}`)).toBe(1);
    expect(await transactionsOf(events.map((e) => e.id))).toBeLessThan(10);
  });

  it('when one event of a batch keeps failing, then the batch is applied one by one: the others once each, the poison alone dead-lettered', async () => {
    const bus = await freshBus();
    const before = await good(bus, 'o-before-batch-poison');
    const poison = await good(bus, 'o-batch-poison');
    const after = [await good(bus, 'o-after-batch-poison-1'), await good(bus, 'o-after-batch-poison-2')];
    await ledgerConsumer(bus, { maxDeliver: 2, fail: (id) => (id === 'o-batch-poison' ? new Error('cannot apply o-batch-poison') : undefined) });
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'cannot apply o-batch-poison', deliveries: 2, event: { id: poison.id } });
    await waitForAcks(bus, 'ledger');
    for (const event of [before, ...after]) expect(await applied(event.data.orderId)).toBe(1);
    expect(await applied('o-batch-poison')).toBe(0);
  });
});

describe('a consumer of packs (several events in one message)', () => {
  const pack = async (bus: EventBus, orderIds: string[]) => {
    const events = orderIds.map((orderId) => exampleEvent(SUBJECTS.ordersConfirmed, { orderId }));
    await bus.publishPack(events);
    return events;
  };

  it('when a pack arrives, then each of its events is applied once with its own processed row, and the message is acked', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus);
    const events = await pack(bus, ['o-pack-a', 'o-pack-b', 'o-pack-c', 'o-pack-d']);
    await good(bus, 'o-after-pack');
    await until(async () => (await applied('o-after-pack')) === 1);
    await waitForAcks(bus, 'ledger');
    for (const event of events) expect(await applied(event.data.orderId)).toBe(1);
    expect(await deps.db('processed_events').where('consumer', 'ledger').whereIn('event_id', events.map((e) => e.id)).count('* as n').first()).toEqual({ n: '4' });
    expect(await bus.eventCounts()).toEqual(new Map([[SUBJECTS.ordersConfirmed, 5]]));
  });

  it('when one event of a pack keeps failing, then the others are applied once each, the poison alone is dead-lettered under its place in the pack, and the message is settled', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus, { maxDeliver: 2, fail: (id) => (id === 'o-pack-poison' ? new Error('cannot apply o-pack-poison') : undefined) });
    const [, poison] = await pack(bus, ['o-pack-before-poison', 'o-pack-poison', 'o-pack-after-poison']);
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'cannot apply o-pack-poison', deliveries: 2, seq: 1, part: 1, event: { id: poison!.id } });
    await waitForAcks(bus, 'ledger');
    expect(await applied('o-pack-before-poison')).toBe(1);
    expect(await applied('o-pack-after-poison')).toBe(1);
    expect(await applied('o-pack-poison')).toBe(0);
    expect(await bus.eventCounts()).toEqual(new Map([[SUBJECTS.ordersConfirmed, 3], ['dlq.ledger', 1]]));
  });

  it('when a pack comes back past its delivery budget, then only its events the ledger has not seen are dead-lettered: one applied before is settled as a duplicate', async () => {
    const bus = await freshBus();
    await bus.ensureConsumer('ledger', SUBJECTS.ordersConfirmed, { ackWaitMs: 30_000 });
    const [appliedBefore, neverApplied] = await pack(bus, ['o-pack-applied-before', 'o-pack-never-applied']);
    // As if a process had applied the first event and then died on the second, delivery after delivery:
    // the first event's ledger row is in, and the message has been delivered more times than the budget.
    await deps.db('processed_events').insert({ event_id: appliedBefore!.id, consumer: 'ledger', subject: SUBJECTS.ordersConfirmed });
    const durable = await bus.js.consumers.get(bus.stream, 'ledger');
    for (let delivery = 1; delivery <= 3; delivery++) {
      const msg = await durable.next({ expires: 5000 });
      expect(msg?.info.deliveryCount).toBe(delivery);
      msg!.nak();
    }
    await ledgerConsumer(bus, { maxDeliver: 2 });
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'gave up after 2 deliveries', part: 1, event: { id: neverApplied!.id } });
    await waitForAcks(bus, 'ledger');
    expect(await bus.listDeadLetters('ledger')).toHaveLength(1);
    expect(await applied('o-pack-applied-before')).toBe(0); // not applied again: the ledger row stood for it
    expect(await applied('o-pack-never-applied')).toBe(0);
  });

  it('when a message says it is a pack but is no JSON array of events, then it is dead-lettered whole at once and the events after it are applied', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus);
    await bus.js.publish(bus.subject(SUBJECTS.ordersConfirmed), '{"not":"a pack"}', { headers: packHeaders() });
    await good(bus, 'o-after-bad-pack');
    await until(async () => (await applied('o-after-bad-pack')) === 1);
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ raw: '{"not":"a pack"}', reason: 'pack is not a JSON array of events', deliveries: 1, seq: 1 });
    await waitForAcks(bus, 'ledger');
  });
});

describe('a consumer that ignores some events', () => {
  it('when an event is one it ignores, then it is acked without a transaction or a processed row, and the next one is applied', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus, { ignores: (id) => id.startsWith('o-ignored'), fail: (id) => (id.startsWith('o-ignored') ? new Error('must not run') : undefined) });
    const ignored = await good(bus, 'o-ignored');
    await good(bus, 'o-after-ignored');
    await until(async () => (await applied('o-after-ignored')) === 1);
    await waitForAcks(bus, 'ledger');
    expect(await applied('o-ignored')).toBe(0);
    expect(await deps.db('processed_events').where({ event_id: ignored.id, consumer: 'ledger' }).first()).toBeUndefined();
    expect(await bus.listDeadLetters('ledger')).toEqual([]);
  });
});

describe('a consumer of some tokens of a subject (statuses of orders.status_changed)', () => {
  const change = (orderId: string, to: string) => exampleEvent(SUBJECTS.ordersStatusChanged, { orderId, from: 'CONFIRMED', to });
  const cancelled: string[] = [];
  const startCancelled = async (bus: EventBus) => {
    consumers.push(
      await startTokenConsumers({
        bus,
        db: deps.db,
        log: deps.log,
        name: 'statuses',
        subject: SUBJECTS.ordersStatusChanged,
        tokens: ['CANCELLED', 'REJECTED'],
        retryDelayMs: 50,
        ignores: (event) => event.data.to !== 'CANCELLED' && event.data.to !== 'REJECTED',
        handle: async (event) => {
          if (event.data.to !== 'CANCELLED' && event.data.to !== 'REJECTED') throw new Error(`must not get ${event.data.to}`);
          cancelled.push(event.data.orderId);
        },
      }),
    );
  };
  const delivered = async (bus: EventBus, durable: string) => (await (await bus.jsm()).consumers.info(bus.stream, durable)).delivered.consumer_seq;

  it('when transitions are published, then each token durable is sent only its own status, and no durable on the whole subject is made', async () => {
    const bus = await freshBus();
    await startCancelled(bus);
    for (const [orderId, to] of [['t-1', 'CONFIRMED'], ['t-2', 'CANCELLED'], ['t-3', 'ASSIGNED_TO_STORE'], ['t-4', 'REJECTED'], ['t-5', 'CANCELLED']] as const) await bus.publish(change(orderId, to));
    await until(() => cancelled.includes('t-5') && cancelled.includes('t-4'));
    await waitForAcks(bus, 'statuses-CANCELLED');
    await waitForAcks(bus, 'statuses-REJECTED');
    expect(await delivered(bus, 'statuses-CANCELLED')).toBe(2);
    expect(await delivered(bus, 'statuses-REJECTED')).toBe(1);
    expect(await bus.hasConsumer('statuses')).toBe(false);
    expect(await bus.eventCounts()).toEqual(new Map([['orders.status_changed.CONFIRMED', 1], ['orders.status_changed.CANCELLED', 2], ['orders.status_changed.ASSIGNED_TO_STORE', 1], ['orders.status_changed.REJECTED', 1]]));
    expect(await deps.db('processed_events').where({ consumer: 'statuses-CANCELLED' }).count('* as n').first()).toEqual({ n: '2' });
  });

  it('when a durable on the whole subject exists from before tokens, then what waits in it and what a publisher before tokens still sends are applied there, the rest ignored', async () => {
    const bus = await freshBus();
    await bus.ensureConsumer('statuses', SUBJECTS.ordersStatusChanged, { ackWaitMs: 30_000 });
    // Published on the subject without a token, as before: one waiting before the consumer starts, one after.
    const legacy = (orderId: string, to: string) => {
      const event = change(orderId, to);
      return bus.js.publish(bus.subject(event.subject), JSON.stringify({ ...event, version: 1 }), { msgID: event.id });
    };
    await legacy('l-1', 'CANCELLED');
    await legacy('l-2', 'CONFIRMED');
    await startCancelled(bus);
    await legacy('l-3', 'REJECTED');
    await bus.publish(change('l-4', 'CANCELLED'));
    await until(() => ['l-1', 'l-3', 'l-4'].every((id) => cancelled.includes(id)));
    await waitForAcks(bus, 'statuses');
    expect(cancelled.filter((id) => id.startsWith('l-')).sort()).toEqual(['l-1', 'l-3', 'l-4']);
    expect(await delivered(bus, 'statuses')).toBe(3);
    expect(await delivered(bus, 'statuses-CANCELLED')).toBe(1);
    expect(await bus.listDeadLetters()).toEqual([]);
  });
});

/** The idempotent consumer 'ledger' of orders.confirmed the idempotent cases start, retried every 50 ms. */
const startLedger = async (bus: EventBus, maxDeliver: number, handlers: IdempotentHandlers<typeof SUBJECTS.ordersConfirmed>) => {
  consumers.push(
    await startConsumer({ bus, db: deps.db, log: deps.log, name: 'ledger', subject: SUBJECTS.ordersConfirmed, maxDeliver, retryDelayMs: 50, idempotent: true, ...handlers }),
  );
};

describe('an idempotent consumer', () => {
  it('when events arrive, a repeated one and a failing one among them, then each is handled, without a transaction or a processed row, the failing one retried until it succeeds', async () => {
    const bus = await freshBus();
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await good(bus, `o-idem-${i}`));
    // The same event again, as a redelivery after a lost ack would bring it.
    await raw(bus, JSON.stringify({ ...events[1]!, version: 1 }));
    const handled = new Map<string, number>();
    const withTransaction: unknown[] = [];
    let failuresLeft = 2;
    await startLedger(bus, 5, {
      handle: async (event, ...rest: unknown[]) => {
        withTransaction.push(...rest);
        if (event.data.orderId === 'o-idem-3' && failuresLeft-- > 0) throw new Error('not yet');
        handled.set(event.data.orderId, (handled.get(event.data.orderId) ?? 0) + 1);
      },
    });
    await until(async () => handled.has('o-idem-4') && handled.has('o-idem-3'));
    await waitForAcks(bus, 'ledger');
    expect(Object.fromEntries(handled)).toEqual({ 'o-idem-0': 1, 'o-idem-1': 2, 'o-idem-2': 1, 'o-idem-3': 1, 'o-idem-4': 1 });
    expect(failuresLeft).toBe(-1);
    expect(withTransaction).toEqual([]);
    expect(await deps.db('processed_events').where('consumer', 'ledger').whereIn('event_id', events.map((e) => e.id))).toEqual([]);
    expect(await bus.listDeadLetters('ledger')).toEqual([]);
  });
});

describe('an idempotent consumer with a batch handler', () => {
  const batchConsumer = async (bus: EventBus, poison?: string) => {
    const alone: string[] = [];
    const together: string[][] = [];
    const tried: string[][] = [];
    await startLedger(bus, 2, {
      handle: async (event) => {
        if (event.data.orderId === poison) throw new Error(`cannot apply ${poison}`);
        alone.push(event.data.orderId);
      },
      handleAll: async (events) => {
        const ids = events.map((e) => e.data.orderId);
        tried.push(ids);
        if (poison && ids.includes(poison)) throw new Error(`cannot apply ${poison}`);
        together.push(ids);
      },
    });
    return { alone, together, tried };
  };

  it('when events arrive together, then the batch handler gets them in one call, in stream order, and each is acked', async () => {
    const bus = await freshBus();
    const ids = Array.from({ length: 6 }, (_, i) => `o-all-${i}`);
    for (const id of ids) await good(bus, id);
    const { alone, together } = await batchConsumer(bus);
    await until(async () => [...alone, ...together.flat()].length === ids.length, 'every event handled');
    await waitForAcks(bus, 'ledger');
    expect([...alone, ...together.flat()].sort()).toEqual(ids);
    expect(together.length).toBeGreaterThanOrEqual(1);
    for (const batch of together) expect(batch).toEqual(ids.filter((id) => batch.includes(id)));
  });

  it('when the batch handler fails on a poison event, then no event is acked for the batch: each goes through the handler alone, the others once each, the poison dead-lettered', async () => {
    const bus = await freshBus();
    const ids = ['o-all-before', 'o-all-poison', 'o-all-after-1', 'o-all-after-2'];
    for (const id of ids) await good(bus, id);
    const { alone, together, tried } = await batchConsumer(bus, 'o-all-poison');
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'cannot apply o-all-poison', deliveries: 2 });
    await waitForAcks(bus, 'ledger');
    // The batch handler was asked, and failed: whatever it was given was handled alone afterwards.
    expect(tried[0]).toContain('o-all-poison');
    expect(together).toEqual([]);
    expect(alone.sort()).toEqual(['o-all-after-1', 'o-all-after-2', 'o-all-before']);
  });
});

describe('a consumer that gathers its batches', () => {
  const gathering = async (bus: EventBus) => {
    const together: string[][] = [];
    consumers.push(
      await startConsumer({
        bus,
        db: deps.db,
        log: deps.log,
        name: 'ledger',
        subject: SUBJECTS.ordersConfirmed,
        idempotent: true,
        batchSize: 3,
        // Far longer than the test: only a full batch (or stop) ends the wait.
        gatherMs: 600_000,
        handleAll: async (events) => {
          together.push(events.map((e) => e.data.orderId));
        },
      }),
    );
    return together;
  };

  const delivered = async (bus: EventBus, count: number) => {
    const jsm = await bus.jsm();
    await until(async () => (await jsm.consumers.info(bus.stream, 'ledger')).num_ack_pending === count, `${count} delivered, not acked`);
  };

  it('when events arrive one at a time, then the first waits for the others and the batch goes once it is full, in stream order', async () => {
    const bus = await freshBus();
    const together = await gathering(bus);
    await good(bus, 'o-gather-0');
    // Delivered and held: one at a time, without the gathering, it would have been applied alone by now.
    await delivered(bus, 1);
    await good(bus, 'o-gather-1');
    await delivered(bus, 2);
    await good(bus, 'o-gather-2');
    await waitForAcks(bus, 'ledger');
    expect(together).toEqual([['o-gather-0', 'o-gather-1', 'o-gather-2']]);
  });

  it('when it stops while a batch gathers, then it stops without waiting out the window, the held event applied on the way out as any waiting one', async () => {
    const bus = await freshBus();
    const together = await gathering(bus);
    await good(bus, 'o-gather-held');
    await delivered(bus, 1);
    await consumers.pop()!.stop();
    expect(together).toEqual([['o-gather-held']]);
  });
});

describe('an idempotent consumer with a batch handler only', () => {
  it('when an event must be handled alone, then it goes to the batch handler by itself: the others applied once each, the poison tried alone per delivery and dead-lettered', async () => {
    const bus = await freshBus();
    const ids = ['o-only-before', 'o-only-poison', 'o-only-after'];
    for (const id of ids) await good(bus, id);
    const calls: string[][] = [];
    const done: string[] = [];
    await startLedger(bus, 2, {
      handleAll: async (events) => {
        const batch = events.map((e) => e.data.orderId);
        calls.push(batch);
        if (batch.includes('o-only-poison')) throw new Error('cannot apply o-only-poison');
        done.push(...batch);
      },
    });
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'cannot apply o-only-poison', deliveries: 2 });
    await waitForAcks(bus, 'ledger');
    expect(done.sort()).toEqual(['o-only-after', 'o-only-before']);
    // The poison went through handleAll alone, once per delivery: the default handler of one event.
    expect(calls.filter((batch) => batch.includes('o-only-poison') && batch.length === 1)).toHaveLength(2);
  });
});

describe("a durable's declared ledger", () => {
  const declared = async (bus: EventBus) => ledgerOf((await (await bus.jsm()).consumers.info(bus.stream, 'ledger')).config.description);

  it('when a consumer starts, then its JetStream description says which events it settles without a processed row, also on a durable declared before', async () => {
    const bus = await freshBus();
    // Declared by an older version, with no description.
    await bus.ensureConsumer('ledger', SUBJECTS.ordersConfirmed, { ackWaitMs: 30_000 });
    expect(await declared(bus)).toBeUndefined();
    const withLedger = await ledgerConsumer(bus);
    expect(await declared(bus)).toBe('every');
    await withLedger.stop();
    const ignoring = await ledgerConsumer(bus, { ignores: () => true });
    expect(await declared(bus)).toBe('ignores');
    await ignoring.stop();
    await startLedger(bus, 2, { handleAll: async () => undefined });
    expect(await declared(bus)).toBe('none');
  });
});

describe('a consumer during an infrastructure outage', () => {
  const noDeadLetters = async (bus: EventBus) => {
    const info = await (await bus.jsm()).consumers.info(bus.stream, 'ledger');
    return { deadLetters: await bus.listDeadLetters('ledger'), redelivered: info.num_redelivered };
  };

  it('when Postgres is down for more tries than the redelivery budget, then the event is held, applied once it is back, and nothing is dead-lettered', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    target.host = `127.0.0.1:${proxy.port}`;
    const db = createDb({ url: target.toString(), schema: deps.schema, poolMax: 2 });
    // knex prints every refused connection to the console; the refusals are the point here.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const bus = await freshBus();
      await ledgerConsumer(bus, { db, maxDeliver: 2 });
      await proxy.set('reset');
      await good(bus, 'o-postgres-outage');
      // Every try is a connection the proxy turned away: six of them is three times the budget.
      await until(async () => proxy.turnedAway >= 6, 'six connections turned away', 20_000);
      await proxy.set('forward');
      await until(async () => (await applied('o-postgres-outage')) === 1, 'the event applied once Postgres is back', 20_000);
      expect(await noDeadLetters(bus)).toEqual({ deadLetters: [], redelivered: 0 });
    } finally {
      quiet.mockRestore();
      await proxy.close();
      await db.destroy();
    }
  });

  it('when the handler finds Redis down more times than the budget, then the event is applied once Redis is back, without a dead letter', async () => {
    const bus = await freshBus();
    let redisDownFor = 5;
    await ledgerConsumer(bus, { maxDeliver: 2, fail: (id) => (id === 'o-redis-outage' && redisDownFor-- > 0 ? new DependencyDownError('redis is reconnecting') : undefined) });
    await good(bus, 'o-redis-outage');
    await until(async () => (await applied('o-redis-outage')) === 1, 'the event applied once Redis is back', 20_000);
    expect(redisDownFor).toBe(-1);
    expect(await noDeadLetters(bus)).toEqual({ deadLetters: [], redelivered: 0 });
  });

  it('when a failure is not an outage, then the budget still applies and the event is dead-lettered', async () => {
    const bus = await freshBus();
    await ledgerConsumer(bus, { maxDeliver: 2, fail: (id) => (id === 'o-bug' ? new Error('column "x" does not exist') : undefined) });
    await good(bus, 'o-bug');
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'column "x" does not exist', deliveries: 2 });
  });
});
