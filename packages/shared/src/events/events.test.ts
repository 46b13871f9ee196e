import { randomUUID } from 'node:crypto';
import { createTestDeps, examplePayload, until, waitForAcks, type TestDeps } from '../testing';
import { eventTablesMigration, outboxTraceContextMigration } from './tables';
import { enqueueEvent, enqueueEvents, EventContractError, OutboxRelay, packsOf } from './outbox';
import { startConsumer, type RunningConsumer } from './consumer';
import { EventBus } from './bus';
import { eventsOfMessage, PACK_HEADER, PACK_MAX_EVENTS } from './pack';
import { SUBJECTS, type EventEnvelope } from './subjects';

let deps: TestDeps;
let consumers: RunningConsumer[] = [];

beforeAll(async () => {
  deps = await createTestDeps('events', [eventTablesMigration, outboxTraceContextMigration]);
  await deps.db.schema.createTable('ledger', (t) => {
    t.text('order_id').primary();
    t.integer('applied').notNullable();
  });
});

afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  consumers = [];
});

afterAll(async () => {
  await deps.close();
});

/** A consumer that counts how often each order was applied, in the same transaction as the ledger row. */
const confirmed = (orderId: string) => examplePayload(SUBJECTS.ordersConfirmed, { orderId });

const countingConsumer = (name: string, fail: (event: EventEnvelope<{ orderId: string }>) => boolean = () => false) =>
  startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name,
    subject: SUBJECTS.ordersConfirmed,
    maxDeliver: 3,
    retryDelayMs: 50,
    handle: async (event, trx) => {
      if (fail(event)) throw new Error(`cannot apply ${event.data.orderId}`);
      await trx('ledger').insert({ order_id: event.data.orderId, applied: 1 }).onConflict('order_id').merge({ applied: trx.raw('ledger.applied + 1') });
    },
  });

const applied = async (orderId: string) => (await deps.db('ledger').where('order_id', orderId).first())?.applied ?? 0;

/** Messages (not events) of `subject` in the stream. */
const messagesOf = async (subject: string) =>
  (await (await deps.events.jsm()).streams.info(deps.events.stream, { subjects_filter: deps.events.subject(subject) })).state.subjects?.[deps.events.subject(subject)] ?? 0;

describe('event backbone: outbox → JetStream → idempotent consumer', () => {
  it('when a change commits with its event, then the relay publishes it and the consumer applies it once', async () => {
    consumers.push(await countingConsumer('c-commit'));
    await deps.db.transaction((trx) => enqueueEvent(trx, SUBJECTS.ordersConfirmed, confirmed('o-commit')));
    const relay = new OutboxRelay(deps.db, deps.events, deps.log);
    expect(await relay.relayOnce()).toBeGreaterThanOrEqual(1);
    await until(async () => (await applied('o-commit')) === 1);
    expect(await deps.db('outbox').whereNull('published_at').count('* as n').first()).toEqual({ n: '0' });
  });

  it('when the transaction rolls back, then its event is never published', async () => {
    await expect(
      deps.db.transaction(async (trx) => {
        await enqueueEvent(trx, SUBJECTS.ordersConfirmed, confirmed('o-rollback'));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await deps.db('outbox').whereRaw("payload->>'orderId' = 'o-rollback'").count('* as n').first()).toEqual({ n: '0' });
  });

  it('when a change enqueues several events at once, then all of them commit with it in the order given, and one that breaks its contract writes none', async () => {
    const ids = await deps.db.transaction(async (trx) =>
      (await enqueueEvents(trx, ['o-batch-1', 'o-batch-2', 'o-batch-3'].map((orderId) => ({ subject: SUBJECTS.ordersConfirmed, data: confirmed(orderId) })))).map((e) => e.id),
    );
    const rows = await deps.db('outbox').whereIn('id', ids).orderBy('seq').select('id', 'subject', deps.db.raw("payload->>'orderId' AS order_id"));
    expect(rows).toEqual(ids.map((id, i) => ({ id, subject: SUBJECTS.ordersConfirmed, order_id: `o-batch-${i + 1}` })));

    const broken = { ...confirmed('o-batch-broken'), totalCents: -1 };
    await expect(
      deps.db.transaction((trx) =>
        enqueueEvents(trx, [
          { subject: SUBJECTS.ordersConfirmed, data: confirmed('o-batch-fine') },
          { subject: SUBJECTS.ordersConfirmed, data: broken },
        ]),
      ),
    ).rejects.toThrow(EventContractError);
    expect(await deps.db('outbox').whereRaw("payload->>'orderId' IN ('o-batch-fine', 'o-batch-broken')").count('* as n').first()).toEqual({ n: '0' });
  });

  it('when the relay dies after publishing and before marking, then the restart re-publishes and nothing is applied twice', async () => {
    consumers.push(await countingConsumer('c-crash'));
    const event = await deps.db.transaction((trx) => enqueueEvent(trx, SUBJECTS.ordersConfirmed, confirmed('o-crash')));
    // The crashed relay got as far as the publish.
    expect(await deps.events.publish(event)).toEqual({ duplicate: false });
    // The restarted relay finds the row unpublished and sends it again: JetStream drops the duplicate.
    const restarted = new OutboxRelay(deps.db, deps.events, deps.log);
    restarted.start();
    await until(async () => (await deps.db('outbox').where('id', event.id).first()).published_at !== null);
    await restarted.stop();
    await until(async () => (await applied('o-crash')) === 1);
    expect(await deps.events.publish(event)).toEqual({ duplicate: true });
  });

  it('when the same event is delivered twice anyway, then the second delivery changes nothing', async () => {
    consumers.push(await countingConsumer('c-redeliver'));
    const event: EventEnvelope = { id: randomUUID(), subject: SUBJECTS.ordersConfirmed, occurredAt: new Date().toISOString(), data: confirmed('o-twice') };
    // Bypass the message-id de-duplication, as a redelivery after a lost ack would.
    await deps.events.js.publish(deps.events.subject(event.subject), JSON.stringify(event));
    await deps.events.js.publish(deps.events.subject(event.subject), JSON.stringify(event));
    await until(async () => (await deps.db('processed_events').where({ event_id: event.id, consumer: 'c-redeliver' }).count('* as n').first())?.n === '1');
    // Both deliveries were handled and acked: the second one had its chance to apply the event again.
    await waitForAcks(deps.events, 'c-redeliver');
    expect(await applied('o-twice')).toBe(1);
  });

  it('when a run has several changes, then their messages are published together, a change\'s events of one subject as one pack, in commit order', async () => {
    const seen: string[] = [];
    consumers.push(
      await startConsumer({
        bus: deps.events,
        db: deps.db,
        log: deps.log,
        name: 'c-order',
        subject: SUBJECTS.ordersConfirmed,
        idempotent: true,
        handle: async (event) => {
          if (event.data.orderId.startsWith('o-together-')) seen.push(event.data.orderId);
        },
      }),
    );
    const orderIds = Array.from({ length: 12 }, (_, i) => `o-together-${i + 1}`);
    const confirmedOf = (ids: string[]) => ids.map((orderId) => ({ subject: SUBJECTS.ordersConfirmed, data: confirmed(orderId) }) as const);
    const before = (await deps.events.eventCounts()).get(SUBJECTS.ordersConfirmed) ?? 0;
    const messagesBefore = await messagesOf(SUBJECTS.ordersConfirmed);
    // Two changes: eight confirmations; then a status change ahead of four more (so the second change's four are a pack of their own).
    await deps.db.transaction((trx) => enqueueEvents(trx, confirmedOf(orderIds.slice(0, 8))));
    await deps.db.transaction((trx) => enqueueEvents(trx, [{ subject: SUBJECTS.ordersStatusChanged, data: examplePayload(SUBJECTS.ordersStatusChanged) }, ...confirmedOf(orderIds.slice(8))]));
    let inFlight = 0;
    let most = 0;
    const bus: EventBus = Object.create(deps.events);
    const counted =
      <A extends unknown[]>(publish: (...args: A) => Promise<{ duplicate: boolean }>) =>
      async (...args: A) => {
        most = Math.max(most, ++inFlight);
        try {
          return await publish(...args);
        } finally {
          inFlight -= 1;
        }
      };
    bus.publish = counted((event, carrier) => deps.events.publish(event, carrier));
    bus.publishPack = counted((events, carrier) => deps.events.publishPack(events, carrier));
    expect(await new OutboxRelay(deps.db, bus, deps.log).relayOnce()).toBeGreaterThanOrEqual(13);
    expect(most).toBeGreaterThanOrEqual(3);
    await until(async () => seen.length === orderIds.length, 'every event consumed');
    expect(seen).toEqual(orderIds);
    // Two messages of orders.confirmed in the stream, holding twelve events.
    expect((await messagesOf(SUBJECTS.ordersConfirmed)) - messagesBefore).toBe(2);
    expect((await deps.events.eventCounts()).get(SUBJECTS.ordersConfirmed)).toBe(before + 12);
  });

  it('when a change\'s events go as a pack, then each is applied once with its own processed row, and a re-published pack is dropped as a duplicate', async () => {
    consumers.push(await countingConsumer('c-pack'));
    const orderIds = ['o-pack-1', 'o-pack-2', 'o-pack-3'];
    const events = await deps.db.transaction((trx) => enqueueEvents(trx, orderIds.map((orderId) => ({ subject: SUBJECTS.ordersConfirmed, data: confirmed(orderId) }))));
    expect(await new OutboxRelay(deps.db, deps.events, deps.log).relayOnce()).toBeGreaterThanOrEqual(3);
    await until(async () => (await Promise.all(orderIds.map(applied))).every((n) => n === 1), 'every event of the pack applied');
    await waitForAcks(deps.events, 'c-pack');
    expect(await deps.db('processed_events').where('consumer', 'c-pack').whereIn('event_id', events.map((e) => e.id)).count('* as n').first()).toEqual({ n: '3' });
    expect(await deps.events.publishPack(events)).toEqual({ duplicate: true });
    // Another set of events is another pack, never taken for a duplicate.
    expect(await deps.events.publishPack(events.slice(0, 2))).toEqual({ duplicate: false });
    await waitForAcks(deps.events, 'c-pack');
    for (const orderId of orderIds) expect(await applied(orderId)).toBe(1);
  });

  it('when one publish of a run fails, then the others are marked published and the failed one stays, with its error, for the next run', async () => {
    // Three changes of one event each, at three instants: three messages.
    const events = ['o-partial-1', 'o-partial-2', 'o-partial-3'].map((orderId, i) => ({ id: randomUUID(), subject: SUBJECTS.ordersConfirmed, payload: JSON.stringify(confirmed(orderId)), occurred_at: new Date(Date.now() + i) }));
    await deps.db('outbox').insert(events);
    const failing = events[1]!.id;
    const bus: EventBus = Object.create(deps.events);
    bus.publish = (event, carrier) => (event.id === failing ? Promise.reject(new Error('no stream answered')) : deps.events.publish(event, carrier));
    await new OutboxRelay(deps.db, bus, deps.log).relayOnce();
    const rows = async () =>
      Object.fromEntries(
        (await deps.db('outbox').whereIn('id', events.map((e) => e.id)).select('id', 'published_at', 'attempts', 'last_error')).map((r) => [
          r.id,
          { published: r.published_at !== null, attempts: r.attempts, lastError: r.last_error },
        ]),
      );
    expect(await rows()).toEqual({
      [events[0]!.id]: { published: true, attempts: 0, lastError: null },
      [failing]: { published: false, attempts: 1, lastError: 'no stream answered' },
      [events[2]!.id]: { published: true, attempts: 0, lastError: null },
    });
    expect(await new OutboxRelay(deps.db, deps.events, deps.log).relayOnce()).toBe(1);
    expect((await rows())[failing]).toMatchObject({ published: true });
  });

  it('when a pack\'s publish fails, then none of its events is marked published and all stay for the next run', async () => {
    const events = await deps.db.transaction((trx) => enqueueEvents(trx, ['o-pack-fail-1', 'o-pack-fail-2'].map((orderId) => ({ subject: SUBJECTS.ordersConfirmed, data: confirmed(orderId) }))));
    const bus: EventBus = Object.create(deps.events);
    bus.publishPack = () => Promise.reject(new Error('no stream answered'));
    await new OutboxRelay(deps.db, bus, deps.log).relayOnce();
    const unpublished = async () => (await deps.db('outbox').whereIn('id', events.map((e) => e.id)).whereNull('published_at').select('attempts')).map((r) => r.attempts);
    expect(await unpublished()).toEqual([1, 1]);
    expect(await new OutboxRelay(deps.db, deps.events, deps.log).relayOnce()).toBe(2);
    expect(await unpublished()).toEqual([]);
  });

  it('when the relay listens, then a commit wakes it at once though no poll is due for an hour', async () => {
    const relay = new OutboxRelay(deps.db, deps.events, deps.log, { pollMs: 3_600_000, listeningPollMs: 3_600_000 });
    relay.start();
    try {
      const event = await deps.db.transaction((trx) => enqueueEvent(trx, SUBJECTS.ordersConfirmed, confirmed('o-notified')));
      await until(async () => (await deps.db('outbox').where('id', event.id).first()).published_at !== null, 'the notified event published');
    } finally {
      await relay.stop();
    }
  });

  it('when the relay loses its listening connection, then it listens again at once and publishes what committed meanwhile', async () => {
    const relay = new OutboxRelay(deps.db, deps.events, deps.log, { pollMs: 3_600_000, listeningPollMs: 3_600_000 });
    const listener = () => (relay as unknown as { listener?: { processID: number } }).listener;
    relay.start();
    try {
      await until(async () => listener() !== undefined, 'the relay listening');
      const lost = listener()!;
      await deps.db.raw('SELECT pg_terminate_backend(?)', [lost.processID]);
      const event = await deps.db.transaction((trx) => enqueueEvent(trx, SUBJECTS.ordersConfirmed, confirmed('o-after-lost-listener')));
      await until(async () => (await deps.db('outbox').where('id', event.id).first()).published_at !== null, 'the event committed around the lost connection published');
      await until(async () => listener() !== undefined && listener() !== lost, 'the relay listening again');
    } finally {
      await relay.stop();
    }
  });

  it('when the relay listens and is kicked for a commit that sent no notification, then it looks anyway within a moment', async () => {
    const relay = new OutboxRelay(deps.db, deps.events, deps.log, { pollMs: 3_600_000, listeningPollMs: 3_600_000 });
    relay.start();
    try {
      await until(async () => (relay as unknown as { listener?: unknown }).listener !== undefined, 'the relay listening');
      // Written without enqueueEvent, so no commit notification: only the kick can wake the relay.
      const id = randomUUID();
      await deps.db('outbox').insert({ id, subject: SUBJECTS.ordersConfirmed, payload: JSON.stringify(confirmed('o-kicked')), occurred_at: new Date() });
      relay.kick();
      await until(async () => (await deps.db('outbox').where('id', id).first()).published_at !== null, 'the kicked event published');
    } finally {
      await relay.stop();
    }
  });

  it('when an event keeps failing, then after the retries it is dead-lettered with the reason and not applied', async () => {
    consumers.push(await countingConsumer('c-poison', (e) => e.data.orderId === 'o-poison'));
    const event = await deps.db.transaction((trx) => enqueueEvent(trx, SUBJECTS.ordersConfirmed, confirmed('o-poison')));
    await new OutboxRelay(deps.db, deps.events, deps.log).relayOnce();
    await until(async () => (await deps.events.listDeadLetters('c-poison')).length === 1);
    const [letter] = await deps.events.listDeadLetters('c-poison');
    expect(letter).toMatchObject({ consumer: 'c-poison', reason: 'cannot apply o-poison', deliveries: 3, event: { id: event.id } });
    expect(await applied('o-poison')).toBe(0);
  });
});

describe('packs: which outbox rows go as one message', () => {
  const row = (subject: string, at: number, trace: object | null = null) => ({ subject, occurred_at: new Date(at), trace_context: trace });

  it('when rows are consecutive, of one subject, one instant and one trace, then they are one pack; anything else starts a new one, in order', () => {
    const rows = [
      row('a', 1),
      row('a', 1),
      row('b', 1),
      row('a', 1),
      row('a', 2),
      row('a', 2, { requestId: 'r1' }),
      row('a', 2, { requestId: 'r1' }),
      row('a', 2, { requestId: 'r2' }),
    ];
    expect(packsOf(rows).map((pack) => pack.map((r) => rows.indexOf(r)))).toEqual([[0, 1], [2], [3], [4], [5, 6], [7]]);
  });

  it('when rows of one subject go out on NATS subjects of different tokens (statuses), then each token is its own pack', () => {
    const status = (to: string) => ({ subject: SUBJECTS.ordersStatusChanged, payload: { to }, occurred_at: new Date(1), trace_context: null });
    const rows = [status('CANCELLED'), status('CANCELLED'), status('CONFIRMED'), status('CANCELLED')];
    expect(packsOf(rows).map((pack) => pack.map((r) => rows.indexOf(r)))).toEqual([[0, 1], [2], [3]]);
  });

  it('when a change wrote more events than a pack holds, then they go in several packs', () => {
    const rows = Array.from({ length: 150 }, () => row('a', 1));
    expect(packsOf(rows).map((pack) => pack.length)).toEqual([64, 64, 22]);
  });
});

describe('live events: one message per spacing', () => {
  const position = (courierId: string) => examplePayload(SUBJECTS.trackingPosition, { courierId });

  /** What arrives on the live subject of positions: each message's events and whether it was a pack. */
  async function listen(bus: EventBus) {
    const messages: { pack: string | undefined; events: unknown[] }[] = [];
    const subscription = deps.nats.subscribe(bus.liveSubject(SUBJECTS.trackingPosition), {
      callback: (_error, message) => messages.push({ pack: message.headers?.get(PACK_HEADER) || undefined, events: eventsOfMessage(message) ?? [] }),
    });
    await deps.nats.flush();
    return { messages, stop: () => subscription.unsubscribe() };
  }
  const couriersOf = (message: { events: unknown[] }) => message.events.map((e) => (e as { courierId: string }).courierId);

  it('when events follow each other within the spacing, then the first goes at once and the others together, in order, as one pack', async () => {
    const bus = new EventBus(deps.nats, deps.events.prefix, 1, { liveSpacingMs: 60_000 });
    const live = await listen(bus);
    bus.publishLive(SUBJECTS.trackingPosition, position('cou_a'));
    await until(() => live.messages.length === 1, 'the first position');
    bus.publishLive(SUBJECTS.trackingPosition, position('cou_b'));
    bus.publishLive(SUBJECTS.trackingPosition, position('cou_c'));
    // The server answers the flush after it has delivered everything published before it.
    await deps.nats.flush();
    expect(live.messages).toHaveLength(1);

    bus.flushLive();
    await until(() => live.messages.length === 2, 'the held positions');
    expect(live.messages.map((m) => m.pack)).toEqual([undefined, '2']);
    expect(live.messages.map(couriersOf)).toEqual([['cou_a'], ['cou_b', 'cou_c']]);
    live.stop();
  });

  it('when a pack is full, then it goes without waiting for the spacing', async () => {
    const bus = new EventBus(deps.nats, deps.events.prefix, 1, { liveSpacingMs: 60_000 });
    const live = await listen(bus);
    bus.publishLive(SUBJECTS.trackingPosition, position('cou_first'));
    for (let i = 0; i < PACK_MAX_EVENTS; i += 1) bus.publishLive(SUBJECTS.trackingPosition, position(`cou_${i}`));
    await until(() => live.messages.length === 2, 'the full pack');
    expect(live.messages[1]!.events).toHaveLength(PACK_MAX_EVENTS);
    live.stop();
  });

  it('when the spacing passes, then what was held goes by itself', async () => {
    const bus = new EventBus(deps.nats, deps.events.prefix, 1, { liveSpacingMs: 30 });
    const live = await listen(bus);
    bus.publishLive(SUBJECTS.trackingPosition, position('cou_x'));
    bus.publishLive(SUBJECTS.trackingPosition, position('cou_y'));
    await until(() => live.messages.length === 2, 'the held position');
    expect(live.messages.map(couriersOf)).toEqual([['cou_x'], ['cou_y']]);
    live.stop();
  });

  it('when the bus has no spacing, then every event is a message of its own', async () => {
    const live = await listen(deps.events);
    for (const id of ['cou_1', 'cou_2', 'cou_3']) deps.events.publishLive(SUBJECTS.trackingPosition, position(id));
    await until(() => live.messages.length === 3, 'three messages');
    expect(live.messages.every((m) => m.pack === undefined)).toBe(true);
    live.stop();
  });
});
