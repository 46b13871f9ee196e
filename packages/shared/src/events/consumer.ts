import { ConsumerEvents, type ConsumerMessages } from 'nats';
import { preparedStatement, type Knex } from '../db';
import { isInfrastructureError } from '../infra-errors';
import type { Logger } from '../logger';
import { withTimeout } from '../connections';
import { SLOW_BUCKETS } from '../telemetry/metrics';
import { inSpan } from '../telemetry/context';
import { carrierOf, type EventBus } from './bus';
import { contractOf, type DurableSubject, type EventPayload } from './contracts';
import { describeIssues } from './envelope';
import { deliveriesOf, type Delivery } from './pack';
import type { EventEnvelope } from './subjects';

interface ConsumerBase<S extends DurableSubject> {
  bus: EventBus;
  db: Knex;
  log: Logger;
  /** Durable consumer name, unique per subgraph and subject, e.g. `fulfillment-orders-confirmed`. */
  name: string;
  subject: S;
  /**
   * Only the events of `subject` with this token (a subject of `SUBJECT_TOKENS`, e.g. the status of
   * `orders.status_changed`): the durable filters on `<subject>.<token>`, so JetStream never delivers the
   * others. Set when the durable is created; see `startTokenConsumers`.
   */
  token?: string;
  /**
   * Whether `handle` would change nothing for this event (a status change the subgraph does not act
   * on): such an event is acked without a transaction and without a processed-events row, since
   * applying it again could change nothing either. A pure function of the event; omit to handle all.
   */
  ignores?(event: EventEnvelope<EventPayload<S>>): boolean;
  /** Deliveries before the event is moved to the dead-letter subject. */
  maxDeliver?: number;
  /** Back-off before a failed event is delivered again. */
  retryDelayMs?: number;
  ackWaitMs?: number;
  /**
   * Most events applied in one transaction when several are already waiting (default 32; 1 applies
   * each alone). See `startConsumer`.
   */
  batchSize?: number;
  /**
   * How long the first message of a batch waits for others to join it (default 0: a batch is what
   * already waited, never a wait for more). For a consumer whose work is per batch rather than per
   * event (one statement for all of them) and whose effect may come that much later: under load the
   * events of the window cost one batch instead of about one each. The batch goes as soon as it is
   * full, the pull ends, or the consumer stops.
   */
  gatherMs?: number;
}

export type ConsumerOptions<S extends DurableSubject> = ConsumerBase<S> &
  (
    | {
        idempotent?: false;
        /**
         * Applies the event, its payload parsed with the subject's contract, inside the transaction that
         * also records it as processed, so a redelivered event changes nothing. Throw to have it retried.
         */
        handle(event: EventEnvelope<EventPayload<S>>, trx: Knex.Transaction): Promise<void>;
      }
    | ({
        /**
         * Applying the event again leaves the same state as applying it once (a cache entry deleted, a
         * reservation confirmed that only an ACTIVE one can become, the newest of a store's load reports
         * kept): the handlers run without a transaction and without a processed-events row. Safe because
         * what the ledger prevents, a redelivery applying the event twice, is harmless here. They may
         * write to Postgres, in statements of their own (nothing ties a write to the ack), so each must
         * stay safe to repeat after a failure part-way. Everything else holds: acked only after the
         * handler resolved, retried and dead-lettered as any other, held through outages.
         */
        idempotent: true;
      } & IdempotentHandlers<S>)
  );

/** An idempotent consumer's handlers: `handle`, `handleAll`, or both. */
export type IdempotentHandlers<S extends DurableSubject> =
  | {
      /** Applies the event, its payload parsed with the subject's contract. Throw to have it retried. */
      handle(event: EventEnvelope<EventPayload<S>>): Promise<void>;
      /**
       * Applies several events that arrived together in one go (e.g. one Redis call for all), with
       * `handle`'s effect for each. If it throws, none of them is acked: each goes through `handle`
       * alone, as a failed transactional batch does. It runs in no event's trace (a batch has several).
       * Omit to handle every event alone.
       */
      handleAll?(events: EventEnvelope<EventPayload<S>>[]): Promise<void>;
    }
  | {
      /** Omitted: an event handled alone (a redelivery, a batch that failed) is `handleAll([event])`. */
      handle?: undefined;
      handleAll(events: EventEnvelope<EventPayload<S>>[]): Promise<void>;
    };

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * Which events a durable consumer settles without a processed-events row: none of them (`every` event
 * applied has its row), those its `ignores` accepts (`ignores`), or all (`none`: an idempotent consumer
 * keeps no ledger). Written into the durable's JetStream description, so that whoever counts the rows
 * against the stream (the chaos audit) or looks at the durable (`nats consumer info`) can tell a
 * missing row by design from a lost event without a list of consumers kept by hand.
 */
export type Ledger = 'every' | 'ignores' | 'none';

const LEDGER_DESCRIPTIONS: Record<Ledger, string> = {
  every: 'ledger every: each event applied gets a processed-events row',
  ignores: 'ledger ignores: each event applied gets a processed-events row; events it ignores by design are acked without one',
  none: 'ledger none: idempotent, events are applied without a processed-events row',
};

/** The ledger a durable's JetStream description declares (see `Ledger`); undefined when it declares none. */
export function ledgerOf(description: string | undefined): Ledger | undefined {
  const word = /^ledger (every|ignores|none):/.exec(description ?? '')?.[1];
  return word as Ledger | undefined;
}

/**
 * Records events as processed by a consumer, one statement for any number of them; answers the ids
 * that were not recorded yet (the others were applied before). Every consumed event of every
 * subgraph runs it, so it is a prepared statement (see `preparedStatement`).
 */
const recordProcessed = preparedStatement<{ event_id: string }>(
  'qc_record_processed_events',
  `INSERT INTO processed_events (event_id, consumer, subject)
   SELECT id, $2, $3 FROM unnest($1::uuid[]) AS id
   ON CONFLICT (event_id, consumer) DO NOTHING
   RETURNING event_id`,
);

/** Missed idle heartbeats (the server sends one every 30 s while idle) before the pull is set up again. */
const HEARTBEATS_BEFORE_RESTART = 2;
/** Longest pause between tries of an event held through an infrastructure outage. */
const OUTAGE_RETRY_MAX_MS = 5000;
/** Tries at publishing a dead letter before the message is handed back to JetStream for later. */
const DEAD_LETTER_TRIES = 4;
/** Messages JetStream hands the pull at a time (and so the most that can be waiting for a batch). */
const PULL_MESSAGES = 64;

/**
 * A durable JetStream consumer that cannot die: `consume()` → `for await` → handle in a transaction →
 * ack after commit; `nak` with a delay on failure; after `maxDeliver` failures, dead-letter with the
 * reason and `term`. A message that is not an event of the subject's contract (not JSON, `null`, no
 * id, an unknown envelope version, another subject, a payload the contract refuses) is dead-lettered
 * on its first delivery: retrying cannot fix it. An infrastructure failure (Postgres, Redis or NATS
 * unreachable, see `isInfrastructureError`) is not the event's fault: the event is held and retried in
 * place with backoff, its ack deadline extended, without spending a delivery.
 *
 * Messages that arrive together (one relay run publishes a transaction's events back to back; a
 * backlog after a pause) are applied in one transaction, up to `batchSize`: one BEGIN, one insert of
 * their processed-events rows, each handler in turn (in its own trace), one COMMIT, then an ack each.
 * If anything in the batch fails, the batch is rolled back and each event is applied alone, as above,
 * so a poison event is retried and dead-lettered by itself and the others are applied. A redelivered
 * message (it failed before) is always applied alone, and so is an event the consumer `ignores`.
 * An `idempotent` consumer has neither transaction nor ledger: a batch goes to its `handleAll` (with the
 * same fallback to one at a time), or, without one, each event's handler runs in turn.
 *
 * A message may be a pack of several events of the subject (see `PACK_HEADER`): its events queue one by
 * one as if each had come alone, with their own ledger rows, retries and dead letters, and the message
 * is settled once all of them are (see `Delivery`).
 *
 * Nothing a message does can end the loop: `handleOne` and `handleBatch` never reject. The pull itself is set up again
 * when it ends, misses heartbeats or loses its consumer (deleted under it: it is declared again), the
 * nats.js pattern for long-lived `consume()` loops.
 */
export async function startConsumer<S extends DurableSubject>(opts: ConsumerOptions<S>): Promise<RunningConsumer> {
  const maxDeliver = opts.maxDeliver ?? 5;
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  const batchSize = Math.max(1, opts.batchSize ?? 32);
  const gatherMs = Math.max(0, opts.gatherMs ?? 0);
  const log = opts.log.child({ consumer: opts.name });
  const ledger: Ledger = opts.idempotent ? 'none' : opts.ignores ? 'ignores' : 'every';
  const declare = () => opts.bus.ensureConsumer(opts.name, opts.subject, { ackWaitMs: opts.ackWaitMs ?? 30_000, description: LEDGER_DESCRIPTIONS[ledger], token: opts.token });
  // The first declaration fails the start (a wrong stream or server is a configuration error).
  await declare();
  const metrics = consumerMetrics(opts.bus, opts.name);

  let stopped = false;
  let messages: ConsumerMessages | undefined;
  let wakeUp: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function consumeOnce(): Promise<void> {
    const consumer = await opts.bus.js.consumers.get(opts.bus.stream, opts.name);
    const current = await consumer.consume({ max_messages: PULL_MESSAGES });
    if (stopped) {
      // Stopped while the pull was being set up. Not `await current.close()`: nats.js settles close() from
      // inside the iteration, and nothing will ever iterate this one, so it never resolved and stop() hung.
      current.stop();
      return;
    }
    // Only a pull that is iterated below: stop() awaits its close().
    messages = current;
    void (async () => {
      for await (const status of await current.status()) {
        const lost = status.type === ConsumerEvents.ConsumerDeleted || status.type === ConsumerEvents.ConsumerNotFound;
        const silent = status.type === ConsumerEvents.HeartbeatsMissed && (status.data as number) >= HEARTBEATS_BEFORE_RESTART;
        if (lost || silent) {
          log.warn({ status: status.type }, 'event consumer lost its pull; setting it up again');
          current.stop();
          break;
        }
      }
    })().catch(() => undefined);
    // Messages go from the pull into a queue as they arrive; each turn takes what is there (up to
    // batchSize): a batch is what already waited, never a wait for more.
    const waiting: Delivery[] = [];
    let arrived: (() => void) | undefined;
    let ended = false;
    const pump = (async () => {
      try {
        for await (const msg of current) {
          // A pack's events queue one by one, as if each had come alone (see `deliveriesOf`).
          waiting.push(...deliveriesOf(msg));
          arrived?.();
        }
      } finally {
        ended = true;
        arrived?.();
      }
    })();
    while (!ended || waiting.length > 0) {
      if (waiting.length === 0) {
        await new Promise<void>((resolve) => (arrived = resolve));
        arrived = undefined;
        // The messages of one read from the socket come through the pull one by one, a microtask apart:
        // the rest of them join the queue before this turn takes its batch (a turn, not a wait for more).
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (gatherMs > 0) await gather();
        continue;
      }
      const batch = waiting.splice(0, batchSize);
      // An idempotent handler has no transaction to share: without handleAll, each event is handled in turn.
      if (batch.length === 1 || (opts.idempotent && !opts.handleAll)) for (const msg of batch) await handleOne(msg);
      else await handleBatch(batch);
    }
    await pump;

    /** Waits up to `gatherMs` for more messages to join the batch; over as soon as it is full or the pull ended. */
    async function gather(): Promise<void> {
      const until = Date.now() + gatherMs;
      while (!ended && !stopped && waiting.length < batchSize && Date.now() < until) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, until - Date.now());
          arrived = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        arrived = undefined;
      }
    }
  }

  const loop = (async () => {
    let delay = 100;
    while (!stopped) {
      try {
        await consumeOnce();
        delay = 100;
      } catch (error) {
        log.warn({ err: error }, 'event consumer stopped pulling; setting it up again');
      }
      if (stopped) break;
      await pause(delay);
      delay = Math.min(delay * 2, 10_000);
      if (stopped) break;
      try {
        await declare();
      } catch (error) {
        log.warn({ err: error }, 'could not declare the event consumer; will retry');
      }
    }
  })();

  /** Publishes the dead letter, retrying; false when it still failed (the message then comes back later). */
  async function deadLetter(msg: Delivery, event: EventEnvelope | null, reason: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await opts.bus.deadLetter({ consumer: opts.name, subject: opts.subject, seq: msg.seq, part: msg.part, deliveries: msg.info.deliveryCount, reason, event, raw: event ? undefined : msg.raw() });
        return true;
      } catch (error) {
        if (attempt >= DEAD_LETTER_TRIES || stopped) {
          log.error({ err: error, seq: msg.seq }, 'could not publish a dead letter; the event will come back');
          return false;
        }
        await pause(100 * 2 ** attempt);
      }
    }
  }

  async function giveUp(msg: Delivery, event: EventEnvelope | null, reason: string): Promise<void> {
    const line = singleLine(reason);
    log.error({ seq: msg.seq, eventId: event?.id, reason: line }, 'event dead-lettered');
    if (await deadLetter(msg, event, line)) {
      metrics.consumed('dead_lettered');
      metrics.deadLetters.inc();
      // A plain TERM: NATS servers before 2.10 ignore "+TERM <reason>" and redeliver the message after
      // the ack wait, for ever. The reason travels in the dead letter.
      settle(() => msg.term());
    } else settle(() => msg.nak(retryDelayMs));
  }

  /** Acks and naks are fire-and-forget publishes; on a closed connection the message simply comes back. */
  function settle(action: () => void): void {
    try {
      action();
    } catch (error) {
      log.warn({ err: error }, 'could not settle an event; it will be delivered again');
    }
  }

  const spanAttributes = (msg: Delivery) => ({
    'messaging.system': 'nats',
    'messaging.operation.type': 'process',
    'messaging.destination.name': msg.subject,
    'messaging.consumer.group.name': opts.name,
  });

  /**
   * Handles one message in the trace and request that published it (its headers): a consumer span,
   * child of the publish, and the request id on every line logged and every event written meanwhile.
   * `event`: the message was already read (and its lag observed) as part of a batch that failed.
   */
  async function handleOne(msg: Delivery, event?: EventEnvelope<EventPayload<S>>): Promise<void> {
    if (!event) metrics.lag.observe(lagOf(msg));
    const end = metrics.processing.startTimer();
    try {
      await inSpan(`process ${opts.subject}`, 'consumer', spanAttributes(msg), carrierOf(msg.headers), () => (event ? applyOne(msg, event) : handleEvent(msg)));
    } finally {
      end();
    }
  }

  const lagOf = (msg: Delivery) => Math.max(0, Date.now() - msg.info.timestampNanos / 1e6) / 1000;

  /** The event a message carries, parsed with the subject's contract, or why it is not one. */
  function eventOf(msg: Delivery): { ok: true; event: EventEnvelope<EventPayload<S>> } | { ok: false; event: EventEnvelope | null; reason: string } {
    const read = msg.read(opts.subject);
    if (!read.ok) return { ok: false, event: null, reason: read.reason };
    const payload = contractOf(opts.subject).schema.safeParse(read.event.data);
    if (!payload.success) return { ok: false, event: read.event, reason: `payload breaks the ${opts.subject} contract: ${describeIssues(payload.error)}` };
    return { ok: true, event: { ...read.event, data: payload.data as EventPayload<S> } };
  }

  async function handleEvent(msg: Delivery): Promise<void> {
    const read = eventOf(msg);
    if (!read.ok) return giveUp(msg, read.event, read.reason);
    return applyOne(msg, read.event);
  }

  /** Applies one event in a transaction of its own: the budget, retries, outages and dead letters. */
  async function applyOne(msg: Delivery, event: EventEnvelope<EventPayload<S>>): Promise<void> {
    // Past the budget (e.g. the process died while handling it each time): dead-letter without trying
    // again — unless the ledger says it was applied. The events of a pack share their message's delivery
    // count, so one applied in an earlier delivery comes back over budget with the one that kept failing;
    // it is the duplicate it is, not a dead letter for an operator to chase.
    if (msg.info.deliveryCount > maxDeliver) {
      const before = await appliedBefore(event);
      if (before === undefined) return settle(() => msg.nak(retryDelayMs));
      if (!before) return giveUp(msg, event, `gave up after ${maxDeliver} deliveries`);
      metrics.consumed('duplicate');
      return settle(() => msg.ack());
    }
    if (opts.ignores?.(event)) {
      metrics.consumed('ignored');
      settle(() => msg.ack());
      return;
    }
    for (let outage = 0; ; outage++) {
      try {
        const applied = opts.idempotent ? (await handleAlone(event), true) : await apply(event);
        metrics.consumed(applied ? 'processed' : 'duplicate');
        if (outage > 0) log.info({ eventId: event.id, attempts: outage + 1 }, 'infrastructure is back; event applied');
        settle(() => msg.ack());
        return;
      } catch (error) {
        // Postgres, Redis or NATS down says nothing about the event: it is held and tried again here, in
        // this delivery, so an outage never spends its redelivery budget nor dead-letters a good event.
        if (isInfrastructureError(error) && !stopped) {
          if (outage === 0) log.warn({ err: error, eventId: event.id }, 'infrastructure unavailable; holding the event until it is back');
          settle(() => msg.working());
          await pause(Math.min(retryDelayMs * 2 ** outage, OUTAGE_RETRY_MAX_MS));
          continue;
        }
        if (stopped) return settle(() => msg.nak());
        if (msg.info.deliveryCount >= maxDeliver) return giveUp(msg, event, reasonOf(error));
        metrics.consumed('retried');
        log.warn({ err: error, eventId: event.id, delivery: msg.info.deliveryCount }, 'event failed; will retry');
        return settle(() => msg.nak(retryDelayMs));
      }
    }
  }

  /**
   * Several messages that arrived together: the first-time deliveries of events to apply go in one
   * transaction (or one `handleAll`); everything else (not an event, redelivered, ignored), and the
   * whole batch when it fails, goes through `handleOne`, one at a time, in stream order.
   */
  async function handleBatch(msgs: Delivery[]): Promise<void> {
    const together: { msg: Delivery; event: EventEnvelope<EventPayload<S>> }[] = [];
    for (const msg of msgs) {
      const read = msg.info.deliveryCount === 1 ? eventOf(msg) : undefined;
      if (read?.ok && !opts.ignores?.(read.event)) together.push({ msg, event: read.event });
    }
    if (together.length < 2) {
      for (const msg of msgs) await handleOne(msg);
      return;
    }
    for (const { msg } of together) metrics.lag.observe(lagOf(msg));
    const started = performance.now();
    let applied: boolean[] | undefined;
    try {
      applied = opts.idempotent ? await handleAll(together.map((t) => t.event)) : await applyTogether(together);
    } catch (error) {
      log.debug({ err: error, events: together.length }, 'a batch of events failed; applying them one at a time');
    }
    if (applied) {
      const outcomes = applied;
      // The histogram is per event: each had its share of the batch's time.
      const share = (performance.now() - started) / 1000 / together.length;
      for (let i = 0; i < together.length; i++) metrics.processing.observe(share);
      together.forEach(({ msg }, i) => {
        metrics.consumed(outcomes[i] ? 'processed' : 'duplicate');
        settle(() => msg.ack());
      });
    }
    // In stream order: what was not in the batch, and all of it when the batch failed.
    for (const msg of msgs) {
      const inBatch = together.find((t) => t.msg === msg);
      if (applied && inBatch) continue;
      await handleOne(msg, inBatch?.event);
    }
  }

  /**
   * The events' processed rows in one insert and their handlers in turn, each in its event's trace, in
   * one transaction. Whether each was applied (false: applied before, or earlier in this batch).
   */
  async function applyTogether(batch: { msg: Delivery; event: EventEnvelope<EventPayload<S>> }[]): Promise<boolean[]> {
    return opts.db.transaction(async (trx) => {
      const ids = [...new Set(batch.map(({ event }) => event.id))];
      const fresh = new Set((await recordProcessed(trx, [ids, opts.name, opts.subject])).map((r) => r.event_id));
      const applied: boolean[] = [];
      for (const { msg, event } of batch) {
        const first = fresh.delete(event.id);
        if (first) await inSpan(`process ${opts.subject}`, 'consumer', spanAttributes(msg), carrierOf(msg.headers), () => handleIn(event, trx));
        applied.push(first);
      }
      return applied;
    });
  }

  /** An idempotent consumer's batch: every event counts as applied (there is no ledger to say otherwise). */
  async function handleAll(events: EventEnvelope<EventPayload<S>>[]): Promise<boolean[]> {
    if (!opts.idempotent || !opts.handleAll) throw new Error('handleAll called without a batch handler');
    await opts.handleAll(events);
    return events.map(() => true);
  }

  /** The handler of a transactional consumer (an idempotent one never gets here with a transaction to use). */
  function handleIn(event: EventEnvelope<EventPayload<S>>, trx: Knex.Transaction): Promise<void> {
    return opts.idempotent ? handleAlone(event) : opts.handle(event, trx);
  }

  /** An idempotent consumer's event on its own: its `handle`, or else its `handleAll` of that one event. */
  function handleAlone(event: EventEnvelope<EventPayload<S>>): Promise<void> {
    if (!opts.idempotent) throw new Error('handleAlone called for a consumer with a ledger');
    return opts.handle ? opts.handle(event) : opts.handleAll([event]);
  }

  /**
   * Whether the ledger holds the event as applied (never, for a consumer without one); undefined when
   * Postgres could not say, and the message comes back to ask again.
   */
  async function appliedBefore(event: EventEnvelope<EventPayload<S>>): Promise<boolean | undefined> {
    if (ledger === 'none') return false;
    try {
      return (await opts.db('processed_events').where({ event_id: event.id, consumer: opts.name }).first('event_id')) !== undefined;
    } catch (error) {
      log.warn({ err: error, eventId: event.id }, 'could not read the processed-events ledger; the event will come back');
      return undefined;
    }
  }

  /** The handler and the processed-events row, in one transaction: a redelivery changes nothing. */
  async function apply(event: EventEnvelope<EventPayload<S>>): Promise<boolean> {
    return opts.db.transaction(async (trx) => {
      const fresh = await recordProcessed(trx, [[event.id], opts.name, opts.subject]);
      if (fresh.length === 0) return false; // already applied: a redelivery changes nothing
      await handleIn(event, trx);
      return true;
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    // Once: a second call waits for the first.
    stop: () =>
      (stopping ??= (async () => {
        metrics.unwatch();
        stopped = true;
        wakeUp?.();
        await messages?.close().catch(() => undefined);
        await loop;
      })()),
  };
}

/**
 * The consumer of the events of a subject of `SUBJECT_TOKENS` with one of `tokens` (the statuses of
 * `orders.status_changed` it acts on): one durable per token, `<name>-<token>`, filtered on
 * `<subject>.<token>`, so JetStream never delivers, and the consumer never receives nor acks, the events
 * it would only ignore. NATS 2.9 servers take one filter subject per durable, hence one each. They do
 * without `ignores`: every event they get is one to apply.
 *
 * The durable `name` itself, on the whole subject, is the one a deployment from before tokens has: the
 * events still waiting in it, and those a publisher from before tokens sends during a rolling update
 * (on the subject without a token), are applied there as before, `ignores` included. It is consumed when
 * it exists and never created, so a new deployment has none; an operator may delete it once no publisher
 * from before tokens is left and it has nothing pending. A token durable created after such events were
 * published on its subject (a publisher updated before its consumers) starts at the stream's beginning
 * and applies them: nothing published on either subject is missed.
 */
export async function startTokenConsumers<S extends DurableSubject>(opts: ConsumerOptions<S> & { tokens: readonly string[] }): Promise<RunningConsumer> {
  const { tokens, ignores, ...rest } = opts;
  const started: RunningConsumer[] = [];
  const stop = async () => {
    await Promise.all(started.map((c) => c.stop()));
  };
  try {
    for (const token of tokens) started.push(await startConsumer({ ...rest, name: `${opts.name}-${token}`, token } as ConsumerOptions<S>));
    if (await opts.bus.hasConsumer(opts.name)) started.push(await startConsumer({ ...rest, ignores } as ConsumerOptions<S>));
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

/**
 * One durable's metrics: events by outcome, processing time, time spent in the stream before handling
 * (lag), dead letters, and what still waits for it (read from JetStream at each scrape).
 */
function consumerMetrics(bus: EventBus, durable: string) {
  const { metrics } = bus;
  const consumed = metrics.counter({
    name: 'events_consumed_total',
    help: 'Events a durable consumer settled, by outcome: processed, duplicate (already applied), ignored (nothing to apply), retried, dead_lettered',
    labelNames: ['durable', 'outcome'],
  });
  const unwatch = metrics.sampled(
    { name: 'events_consumer_pending', help: 'Messages waiting for a durable consumer: pending (not yet delivered) and unacked (delivered, not settled)', labelNames: ['durable', 'state'] },
    durable,
    async (gauge) => {
      const jsm = await bus.jsm();
      const info = await withTimeout(jsm.consumers.info(bus.stream, durable), 1000, 'consumer info');
      gauge.set({ durable, state: 'pending' }, info.num_pending);
      gauge.set({ durable, state: 'unacked' }, info.num_ack_pending);
    },
  );
  return {
    consumed: (outcome: 'processed' | 'duplicate' | 'ignored' | 'retried' | 'dead_lettered') => consumed.inc({ durable, outcome }),
    processing: metrics.histogram({ name: 'events_consumer_processing_seconds', help: 'Time to handle one event, transaction included, by durable', labelNames: ['durable'] }).labels({ durable }),
    lag: metrics
      .histogram({ name: 'events_consumer_lag_seconds', help: 'Time from an event entering the stream to its durable consumer starting on it', labelNames: ['durable'], buckets: SLOW_BUCKETS })
      .labels({ durable }),
    deadLetters: metrics.counter({ name: 'events_dead_letters_total', help: 'Events a durable consumer gave up on and moved to its dead-letter subject', labelNames: ['durable'] }).labels({ durable }),
    unwatch,
  };
}

/** The message of whatever was thrown (`throw null` included). */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** A reason fit for a NATS header and a log line: no control characters (headers refuse CR/LF), bounded. */
export function singleLine(reason: string, max = 1000): string {
  // eslint-disable-next-line no-control-regex
  const flat = reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return (flat || 'no reason given').slice(0, max);
}
