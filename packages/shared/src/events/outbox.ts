import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { preparedStatement, type Knex } from '../db';
import type { Logger } from '../logger';
import { currentCarrier, inSpan, type TraceCarrier } from '../telemetry/context';
import { Loop } from '../loop';
import type { EventBus } from './bus';
import { contractOf, type DurableSubject, type EventPayload } from './contracts';
import { reasonOf } from './consumer';
import { describeIssues } from './envelope';
import { PACK_MAX_EVENTS } from './pack';
import { natsSubjectOf, type EventEnvelope, type Subject } from './subjects';

/** A publisher tried to write a payload its own contract refuses (a bug: the transaction fails). */
export class EventContractError extends Error {
  override name = 'EventContractError';
}

/** One event for {@link enqueueEvents}: its subject, its payload, and its id when the publisher fixes it. */
export type OutboxEvent = { [S in DurableSubject]: { subject: S; data: EventPayload<S>; id?: string } }[DurableSubject];

/**
 * Records an event in the outbox inside the caller's transaction, so the event exists exactly when
 * the state change it describes was committed. The relay publishes it afterwards. The payload is
 * checked against the subject's contract first: a publisher never sends what its consumers would
 * dead-letter (fields outside the contract are dropped).
 */
export async function enqueueEvent<S extends DurableSubject>(trx: Knex, subject: S, data: EventPayload<S>, id: string = randomUUID()): Promise<EventEnvelope<EventPayload<S>>> {
  const [event] = await enqueueEvents(trx, [{ subject, data, id } as OutboxEvent]);
  return event as EventEnvelope<EventPayload<S>>;
}

/**
 * {@link enqueueEvent} for several events of one change: every payload checked against its contract
 * first (one that breaks it fails the transaction and nothing is written), then one INSERT for all
 * rows, in the order given (the relay publishes them in that order), and one commit notification.
 * A change that touches many rows (a reservation of eight lines) costs two statements, not sixteen.
 * With `endsTransaction` the INSERT is the transaction's last statement and carries its COMMIT (one
 * round trip less; see `preparedStatement`): for a caller that owns the transaction and does nothing in
 * it after the events.
 */
export async function enqueueEvents(trx: Knex, events: readonly OutboxEvent[], opts: { endsTransaction?: boolean } = {}): Promise<EventEnvelope[]> {
  if (events.length === 0) return [];
  const { envelopes, values } = outboxValues(events);
  await (opts.endsTransaction ? writeOutboxAndCommit : writeOutbox)(trx, values);
  return envelopes;
}

/**
 * The outbox write of one change as the tail of a statement of the caller's (see {@link outboxValues}):
 * `written`, a CTE to put last in its WITH list, and `notify`, the expression for its final SELECT (the
 * commit notification), their six parameters numbered from `$first`. For a change whose own statement
 * can carry its events, one round trip instead of two; the rows are the ones `enqueueEvents` writes.
 * `onlyWith` names an earlier CTE of one row at most: the events are written only when it has its row
 * (a change that may turn out to be nothing, e.g. an insert that met a conflict).
 */
export function outboxSql(first: number, opts: { onlyWith?: string } = {}): { written: string; notify: string } {
  const $ = (i: number) => `$${first + i}`;
  return {
    written: `written AS (
     INSERT INTO outbox (id, subject, payload, occurred_at, trace_context)
     SELECT e.id, e.subject, e.payload, ${$(3)}::timestamptz, ${$(4)}::jsonb
     FROM ${opts.onlyWith ? `${opts.onlyWith}, ` : ''}unnest(${$(0)}::uuid[], ${$(1)}::text[], ${$(2)}::jsonb[]) WITH ORDINALITY AS e(id, subject, payload, n)
     ORDER BY e.n
   )`,
    notify: `pg_notify(${$(5)}, current_schema())`,
  };
}

/**
 * {@link outboxSql} for one event whose payload the statement itself builds from what it changes (a row
 * it moved, whose values the caller does not know before it runs): `written`, a CTE that writes one
 * outbox row of `subject` for each row of the CTE `source` (its jsonb column `payload`), and `notify`,
 * the commit notification, sent only when a row was written. Its four parameters, numbered from
 * `$first`, take {@link builtOutboxValues}. The payload is checked after the statement and before the
 * commit ({@link checkedPayload}): one that breaks the contract fails the transaction, so nothing of
 * it is written, as with `enqueueEvents`.
 */
export function builtOutboxSql(first: number, source: string): { written: string; notify: string } {
  const $ = (i: number) => `$${first + i}`;
  return {
    written: `written AS (
     INSERT INTO outbox (id, subject, payload, occurred_at, trace_context)
     SELECT gen_random_uuid(), ${$(0)}, payload, ${$(1)}::timestamptz, ${$(2)}::jsonb FROM ${source}
   )`,
    notify: `CASE WHEN EXISTS (SELECT 1 FROM ${source}) THEN pg_notify(${$(3)}, current_schema()) END`,
  };
}

/** The four values of {@link builtOutboxSql}'s parameters: the subject, the time, the request's trace, the channel. */
export function builtOutboxValues(subject: DurableSubject): unknown[] {
  return [subject, new Date(), traceContext(), OUTBOX_CHANNEL];
}

/** A payload checked against its subject's contract, as parsed: throws (failing the transaction) when it breaks it. */
export function checkedPayload(subject: DurableSubject, payload: unknown): unknown {
  const parsed = contractOf(subject).schema.safeParse(payload);
  if (!parsed.success) throw new EventContractError(`${subject} payload breaks its contract: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The request and trace a change belongs to, as its events carry them (null when there is neither). */
function traceContext(): string | null {
  const carrier = currentCarrier();
  return carrier ? JSON.stringify(carrier) : null;
}

/**
 * The six values {@link outboxSql}'s parameters take for `events`, every payload checked against its
 * contract first (one that breaks it throws, so the transaction fails and nothing is written), and the
 * envelopes as they are written.
 */
export function outboxValues(events: readonly OutboxEvent[]): { envelopes: EventEnvelope[]; values: unknown[] } {
  const occurredAt = new Date();
  const envelopes = events.map(({ subject, data, id }) => ({ id: id ?? randomUUID(), subject, occurredAt: occurredAt.toISOString(), data: checkedPayload(subject, data) }));
  return {
    envelopes,
    values: [envelopes.map((e) => e.id), envelopes.map((e) => e.subject), envelopes.map((e) => JSON.stringify(e.data)), occurredAt, traceContext(), OUTBOX_CHANNEL],
  };
}

/**
 * The outbox rows of one change, in the order given (their `seq`, the relay's order, follows it), and
 * the commit notification, in one statement: the notification is delivered at commit (once per
 * transaction and channel) and wakes the relays listening on this outbox. Every change that publishes
 * runs it, so it is a prepared statement (see `preparedStatement`).
 */
const OUTBOX = outboxSql(1);
const WRITE_OUTBOX = `WITH ${OUTBOX.written} SELECT ${OUTBOX.notify}`;
const writeOutbox = preparedStatement('qc_write_outbox', WRITE_OUTBOX);
const writeOutboxAndCommit = preparedStatement('qc_write_outbox_commit', WRITE_OUTBOX, { endsTransaction: true });

/** A relay run's published rows, marked as its transaction's last statement, with its COMMIT. */
const markPublished = preparedStatement('qc_outbox_mark_published', `UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, { endsTransaction: true });

/**
 * A `kickSpacingMs` for a relay whose outbox takes several commits per second under load (orders:
 * the placement and each status move; availability: every reservation): at most ten runs a second,
 * so a busy outbox's commits of 100 ms share a run, and an event waits at most that long more to leave
 * (far inside what its consumers' targets allow: courier assignment p95 < 5 s).
 */
export const BUSY_RELAY_SPACING_MS = 100;

/** How soon after a kick a listening relay looks even if no commit notification woke it first. */
const KICK_GRACE_MS = 500;

/** The channel `enqueueEvent` notifies on commit; the payload is the outbox's schema. */
const OUTBOX_CHANNEL = 'qc_outbox';

interface OutboxRow {
  id: string;
  subject: Subject;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
  trace_context: TraceCarrier | null;
}

const sameTrace = (a: TraceCarrier | null, b: TraceCarrier | null): boolean =>
  a?.traceparent === b?.traceparent && a?.tracestate === b?.tracestate && a?.requestId === b?.requestId;

/**
 * The run's rows as messages, in commit order: consecutive rows of one NATS subject (the subject, and
 * the token of one of `SUBJECT_TOKENS`) written by one change (one `enqueueEvents`: same instant, same
 * trace) go together as a pack, up to `PACK_MAX_EVENTS`; every other row alone. Packing never
 * reorders: each subject's events keep their order in the stream.
 */
export function packsOf<R extends { subject: string; payload?: unknown; occurred_at: Date; trace_context: TraceCarrier | null }>(rows: readonly R[]): R[][] {
  const packs: R[][] = [];
  let headSubject = '';
  for (const row of rows) {
    const last = packs.at(-1);
    const head = last?.[0];
    const subject = natsSubjectOf(row.subject as Subject, row.payload);
    if (last && head && last.length < PACK_MAX_EVENTS && headSubject === subject && head.occurred_at.getTime() === row.occurred_at.getTime() && sameTrace(head.trace_context, row.trace_context)) last.push(row);
    else {
      packs.push([row]);
      headSubject = subject;
    }
  }
  return packs;
}

export interface RelayOptions {
  batchSize?: number;
  /**
   * How often to look for new rows while the relay cannot LISTEN for commits (default 5 s), and what its
   * retries back off from after a failed run.
   */
  pollMs?: number;
  /**
   * How often to look anyway while it LISTENs (default 60 s): every commit wakes it, and a lost listening
   * connection wakes it too (it listens again and catches up), so this is only a last safety net. An
   * idle relay costs one query a minute instead of one every `pollMs`.
   */
  listeningPollMs?: number;
  /** Key of the advisory lock that keeps one relay per outbox (ordering). */
  lockKey?: number;
  /**
   * A run woken by a commit starts at least this long after the previous run started (default 0: at
   * once; see `Loop`'s `kickSpacingMs`). Under load the commits of that window share one run (its read
   * and its mark, two round trips) instead of costing about one run each; an idle relay still looks at
   * once, and a full batch goes again at once. The price: an event may wait up to this long to leave.
   */
  kickSpacingMs?: number;
}

/**
 * Publishes committed outbox rows to JetStream in commit order and marks them published. If the
 * process dies between publish and mark, the row is published again on restart with the same
 * message id, which JetStream drops as a duplicate (and consumers de-duplicate by event id anyway).
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly lockKey: number;
  private readonly loop: Loop;
  private listener?: pg.Client;
  private kickGrace?: NodeJS.Timeout;
  private publishFailure?: unknown;
  private readonly published;
  private readonly failures;

  constructor(
    private readonly db: Knex,
    private readonly bus: EventBus,
    private readonly log: Logger,
    opts: RelayOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.lockKey = opts.lockKey ?? 0x0b0c5;
    this.pollMs = opts.pollMs ?? 5000;
    this.loop = new Loop(
      { name: 'outbox-relay', everyMs: Math.max(opts.listeningPollMs ?? 60_000, this.pollMs), retryMs: this.pollMs, kickSpacingMs: opts.kickSpacingMs, log },
      () => this.run(),
    );
    const { metrics } = bus;
    this.published = metrics.counter({ name: 'events_published_total', help: 'Outbox events the relay published to JetStream, by subject', labelNames: ['subject'] });
    this.failures = metrics.counter({ name: 'events_publish_failures_total', help: 'Outbox publishes JetStream refused or did not answer (the row is tried again)' });
    // Read at scrape time from the table itself: a relay that is stuck still shows its backlog growing.
    metrics.sampled(
      { name: 'outbox_backlog', help: 'Outbox rows not yet published (events committed but not yet on JetStream)', labelNames: [] },
      'rows',
      async (gauge) => gauge.set((await this.backlog()).rows),
    );
    metrics.sampled(
      { name: 'outbox_oldest_age_seconds', help: 'Age of the oldest unpublished outbox row (0 when none)', labelNames: [] },
      'age',
      async (gauge) => gauge.set((await this.backlog()).ageSeconds),
    );
  }

  private backlogRead?: { at: number; value: Promise<{ rows: number; ageSeconds: number }> };

  /** Rows waiting and the oldest one's age; one query serves both gauges of a scrape. */
  private backlog(): Promise<{ rows: number; ageSeconds: number }> {
    if (this.backlogRead && Date.now() - this.backlogRead.at < 1000) return this.backlogRead.value;
    const value = this.db
      .raw(`SELECT count(*)::int AS rows, COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float AS age FROM outbox WHERE published_at IS NULL`)
      .then((r: { rows: { rows: number; age: number }[] }) => ({ rows: r.rows[0]!.rows, ageSeconds: r.rows[0]!.age }));
    this.backlogRead = { at: Date.now(), value };
    return value;
  }

  /** Publishes one batch; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (trx) => {
      // One relay at a time per outbox, so events leave in the order they were committed: the try-lock
      // (taken once, in the CTE) and the read are one statement; no lock, no rows.
      const { rows }: { rows: OutboxRow[] } = await trx.raw(
        `WITH relay AS (SELECT pg_try_advisory_xact_lock(?, hashtext(current_schema())) AS locked)
         SELECT o.id, o.subject, o.payload, o.occurred_at, o.attempts, o.trace_context
         FROM relay, outbox o
         WHERE relay.locked AND o.published_at IS NULL
         ORDER BY o.seq
         LIMIT ?`,
        [this.lockKey, this.batchSize],
      );
      // Every message of the run goes out at once and the acks are awaited together: one round trip to
      // JetStream per run instead of one per row, which is also how long the transaction (and the lock)
      // stays open. JetStream stores one connection's publishes in the order they were sent, so the
      // stream holds them in commit order. The events one change wrote of one subject go as one message
      // (a pack, see `packsOf`), published or failed together.
      const packs = packsOf(rows);
      const outcomes = await Promise.allSettled(packs.map((pack) => this.publish(pack)));
      const published: string[] = [];
      const failed: { id: string; error: string }[] = [];
      outcomes.forEach((outcome, i) => {
        const pack = packs[i]!;
        if (outcome.status === 'fulfilled') {
          for (const row of pack) published.push(row.id);
          this.published.inc({ subject: pack[0]!.subject }, pack.length);
          return;
        }
        this.failures.inc();
        this.publishFailure ??= outcome.reason;
        for (const row of pack) failed.push({ id: row.id, error: reasonOf(outcome.reason) });
        this.log.debug({ err: outcome.reason, eventIds: pack.map((row) => row.id) }, 'outbox publish failed; will retry');
      });
      // A failed row stays for the next run. Rows after it that JetStream acked are marked published: they
      // are in the stream, and publishing them again would only be dropped as duplicates. So after a
      // failed publish, and only then, a later event can precede it in the stream, as a redelivery can
      // reorder events anyway (no consumer relies on the order of events within a subject).
      if (failed.length) {
        await trx.raw(
          `UPDATE outbox AS o SET attempts = o.attempts + 1, last_error = f.error
           FROM unnest(?::uuid[], ?::text[]) AS f(id, error) WHERE o.id = f.id`,
          [failed.map((f) => f.id), failed.map((f) => f.error)],
        );
      }
      if (published.length) await markPublished(trx, [published]);
      return published.length;
    });
  }

  /**
   * Publishes one message (one row, or a pack of rows) in the trace of the change that wrote it: a
   * producer span, child of the rows' trace context, whose context (and the request id) go out as the
   * message's headers.
   */
  private publish(pack: OutboxRow[]): Promise<unknown> {
    const first = pack[0]!;
    const events = pack.map((row) => ({ id: row.id, subject: row.subject, occurredAt: row.occurred_at.toISOString(), data: row.payload }));
    const attributes = {
      'messaging.system': 'nats',
      'messaging.operation.type': 'send',
      'messaging.destination.name': this.bus.eventSubject(events[0]!),
      ...(pack.length === 1 ? { 'messaging.message.id': first.id } : { 'messaging.batch.message_count': pack.length }),
    };
    // Inside the span, the current carrier names the span itself (and the row's request id).
    return inSpan(`publish ${first.subject}`, 'producer', attributes, first.trace_context, () => {
      const carrier = currentCarrier() ?? first.trace_context;
      return pack.length === 1 ? this.bus.publish(events[0]!, carrier) : this.bus.publishPack(events, carrier);
    });
  }

  /** Starts relaying in the background until `stop()`. */
  start(): void {
    this.loop.start();
  }

  /**
   * Asks the relay to look now (after a commit) instead of at the next notification or poll. While it
   * LISTENs, the commit's own notification does that a moment later, and a second look right now would
   * find nothing more: the kick only makes sure a look starts within `KICK_GRACE_MS` of it.
   */
  kick(): void {
    if (!this.listener) {
      this.loop.kick();
      return;
    }
    this.kickGrace ??= setTimeout(() => {
      this.kickGrace = undefined;
      this.loop.kick();
    }, KICK_GRACE_MS);
  }

  async stop(): Promise<void> {
    clearTimeout(this.kickGrace);
    this.kickGrace = undefined;
    await this.loop.stop();
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /**
   * One loop run: listen for commits if not listening yet, then publish; a refused publish counts as a
   * failed run (backoff). Without a listening connection the next look is `pollMs` away, not `listeningPollMs`.
   */
  private async run(): Promise<boolean | { nextInMs: number }> {
    // This look starts after every kick so far, so it sees their commits.
    clearTimeout(this.kickGrace);
    this.kickGrace = undefined;
    await this.listen();
    this.publishFailure = undefined;
    const published = await this.relayOnce();
    if (this.publishFailure) throw this.publishFailure;
    if (published >= this.batchSize) return true;
    return this.listener ? false : { nextInMs: this.pollMs };
  }

  /**
   * LISTENs on a connection of its own for the commits of this outbox's schema, so an idle relay costs
   * (almost) nothing between events. Best effort: without it the relay polls every `pollMs`.
   */
  private async listen(): Promise<void> {
    if (this.listener) return;
    const connection = (this.db.client as { config: { connection: string | pg.ClientConfig } }).config.connection;
    const client = new pg.Client(connection);
    try {
      const schema = ((await this.db.raw('SELECT current_schema() AS schema')) as { rows: { schema: string }[] }).rows[0]!.schema;
      await client.connect();
      client.on('notification', (message) => {
        if (message.payload === schema) this.loop.kick();
      });
      // A lost connection may have lost notifications with it: look now, which listens again and
      // publishes whatever committed meanwhile (and polls every `pollMs` until listening works).
      const lost = () => {
        if (this.listener !== client) return;
        this.listener = undefined;
        this.loop.kick();
      };
      client.on('error', () => {
        lost();
        void client.end().catch(() => undefined);
      });
      client.on('end', lost);
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.log.debug({ err: error }, 'outbox relay cannot listen for commits; polling');
    }
  }
}
