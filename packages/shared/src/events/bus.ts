import { createHash } from 'node:crypto';
import { AckPolicy, DeliverPolicy, headers as natsHeaders, type MsgHdrs, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { ServiceMetrics } from '../telemetry/metrics';
import { REQUEST_ID, type TraceCarrier } from '../telemetry/context';
import type { EventPayload, LiveSubject } from './contracts';
import { ENVELOPE_VERSION } from './envelope';
import { PACK_HEADER, PACK_MAX_EVENTS } from './pack';
import { natsSubjectOf, type EventEnvelope, type Subject } from './subjects';

const DAY_NS = 24 * 60 * 60 * 1e9;

/**
 * The least time between two messages of one live subject in a running service (see `publishLive`):
 * a courier position may then wait up to 20 ms of the 200 ms the product allows from the courier's
 * report to the customer's screen, and at 500 reports a second one message carries ~10 of them.
 */
export const LIVE_SPACING_MS = 20;

/** Live events of one subject waiting for the spacing to pass: their JSON, and the timer that sends them. */
interface LiveHeld {
  items: string[];
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
}

/** The NATS header of the request id; the W3C trace context goes as `traceparent` / `tracestate`. */
const REQUEST_ID_HEADER = 'Qc-Request-Id';

function carrierHeaders(carrier: TraceCarrier | null | undefined): MsgHdrs | undefined {
  if (!carrier?.traceparent && !carrier?.requestId) return undefined;
  const h = natsHeaders();
  if (carrier.traceparent) h.set('traceparent', carrier.traceparent);
  if (carrier.tracestate) h.set('tracestate', carrier.tracestate);
  if (carrier.requestId) h.set(REQUEST_ID_HEADER, carrier.requestId);
  return h;
}

/** What a message's headers carry of the request and trace that published it (null: nothing). */
export function carrierOf(headers: MsgHdrs | undefined): TraceCarrier | null {
  if (!headers) return null;
  const carrier: TraceCarrier = {};
  const traceparent = headers.get('traceparent');
  const tracestate = headers.get('tracestate');
  const requestId = headers.get(REQUEST_ID_HEADER);
  if (traceparent) carrier.traceparent = traceparent;
  if (tracestate) carrier.tracestate = tracestate;
  if (requestId && REQUEST_ID.test(requestId)) carrier.requestId = requestId;
  return carrier.traceparent || carrier.requestId ? carrier : null;
}

/** What a consumer gave up on, and why. */
export interface DeadLetterInput {
  consumer: string;
  subject: Subject;
  /** The stream sequence of the message given up on: unique, so it is the dead letter's message id. */
  seq: number;
  /** The event's place in its message when the message was a pack of several (see `PACK_HEADER`). */
  part?: number;
  deliveries: number;
  /** One line (NATS headers refuse CR/LF). */
  reason: string;
  /** The event, when the message was one; otherwise `raw` holds what arrived. */
  event: EventEnvelope | null;
  raw?: string;
}

/** A dead-lettered message as listed: where it sits in the stream and why it could not be handled. */
export interface DeadLetter extends DeadLetterInput {
  /** Where the dead letter itself sits in the stream. */
  dlqSeq: number;
  failedAt: string;
}

/**
 * The deployment's event space on NATS JetStream: one stream `<PREFIX>_EVENTS` holding every
 * `<prefix>.<subject>` and the dead letters under `<prefix>.dlq.<consumer>`. The prefix is `qc` in a
 * deployment and unique per test file, so test runs never see each other's events.
 */
export class EventBus {
  readonly js: JetStreamClient;
  readonly stream: string;
  /**
   * The metrics of the service this bus belongs to: its relays and consumers count here, and its
   * `/metrics` serves them (one registry per service, also when the end-to-end harness runs all in one process).
   */
  readonly metrics: ServiceMetrics;
  private jsmPromise?: Promise<JetStreamManager>;
  private readonly livePublished;
  private readonly liveSpacingMs: number;
  private readonly liveHeld = new Map<string, LiveHeld>();

  constructor(
    readonly nc: NatsConnection,
    readonly prefix: string,
    /** JetStream copies of the stream (EVENTS_STREAM_REPLICAS): 3 on a 3-node cluster. */
    private readonly replicas = 1,
    /**
     * `liveSpacingMs`: the least time between two messages of one live subject (see `publishLive`); 0,
     * the default, sends every live event at once as its own message. Services use `LIVE_SPACING_MS`.
     */
    opts: { metrics?: ServiceMetrics; liveSpacingMs?: number } = {},
  ) {
    if (!/^[a-z0-9_]+$/.test(prefix)) throw new Error(`event prefix "${prefix}" must be lowercase letters, digits or _`);
    this.js = nc.jetstream();
    this.stream = `${prefix.toUpperCase()}_EVENTS`;
    this.metrics = opts.metrics ?? new ServiceMetrics();
    this.liveSpacingMs = opts.liveSpacingMs ?? 0;
    this.livePublished = this.metrics.counter({
      name: 'events_live_published_total',
      help: 'Messages published on live (core NATS, never stored) subjects, by subject: courier positions, ETAs',
      labelNames: ['subject'],
    });
  }

  subject(subject: Subject | string): string {
    return `${this.prefix}.${subject}`;
  }

  /** The NATS subject `event` is published on: its subject, with its token for one of `SUBJECT_TOKENS`. */
  eventSubject(event: Pick<EventEnvelope, 'subject' | 'data'>): string {
    return this.subject(natsSubjectOf(event.subject, event.data));
  }

  /**
   * Ephemeral, high-volume subjects (courier positions, ETAs) live outside the stream's `<prefix>.>`
   * space, under `<prefix>_live.<subject>`: fanned out over core NATS, never stored.
   */
  liveSubject(subject: Subject | string): string {
    return `${this.prefix}_live.${subject}`;
  }

  /**
   * Fire-and-forget publish on a live subject (a missed position is superseded by the next one). An
   * event after a quiet spell goes at once; one within `liveSpacingMs` of the subject's last message
   * waits for the spacing to pass and goes with the others that came meanwhile, in order, as one
   * message (a pack, see `PACK_HEADER`; at most `PACK_MAX_EVENTS`, a full one goes at once). Each
   * message costs the NATS server and every subscriber a round of work whatever it carries, and at
   * hundreds of positions a second that work, not the positions, was most of what they cost.
   */
  publishLive<S extends LiveSubject>(subject: S, data: EventPayload<S>): void {
    const json = JSON.stringify(data);
    this.livePublished.inc({ subject });
    if (this.liveSpacingMs <= 0) {
      this.nc.publish(this.liveSubject(subject), json);
      return;
    }
    let held = this.liveHeld.get(subject);
    if (!held) this.liveHeld.set(subject, (held = { items: [], timer: null, lastSentAt: -Infinity }));
    held.items.push(json);
    const wait = held.lastSentAt + this.liveSpacingMs - performance.now();
    if (wait <= 0 || held.items.length >= PACK_MAX_EVENTS) this.sendHeld(subject, held);
    else if (!held.timer) {
      held.timer = setTimeout(() => {
        try {
          this.sendHeld(subject, held);
        } catch {
          // The connection is closing: what was held is superseded by the next position anyway.
        }
      }, wait);
      // Held events never keep a process alive; stopping sends them (`flushLive`).
      held.timer.unref();
    }
  }

  /** Sends the live events held for the spacing now (before the connection drains). */
  flushLive(): void {
    for (const [subject, held] of this.liveHeld) if (held.items.length > 0) this.sendHeld(subject, held);
  }

  private sendHeld(subject: string, held: LiveHeld): void {
    if (held.timer) clearTimeout(held.timer);
    held.timer = null;
    const items = held.items;
    held.items = [];
    held.lastSentAt = performance.now();
    if (items.length === 0) return;
    if (items.length === 1) {
      this.nc.publish(this.liveSubject(subject), items[0]!);
      return;
    }
    const headers = natsHeaders();
    headers.set(PACK_HEADER, String(items.length));
    this.nc.publish(this.liveSubject(subject), `[${items.join(',')}]`, { headers });
  }

  jsm(): Promise<JetStreamManager> {
    this.jsmPromise ??= this.nc.jetstreamManager();
    return this.jsmPromise;
  }

  /** Creates or updates the stream; safe to call from every process at every start. */
  async ensureStream(): Promise<void> {
    const jsm = await this.jsm();
    const config = {
      name: this.stream,
      subjects: [`${this.prefix}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: 7 * DAY_NS,
      // Relays re-publish after a crash; JetStream drops a repeated message id within this window.
      duplicate_window: 10 * 60 * 1e9,
      num_replicas: this.replicas,
    };
    try {
      await jsm.streams.info(this.stream);
      await jsm.streams.update(this.stream, config);
    } catch (error) {
      if (!String((error as Error).message).includes('stream not found')) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another process created it between our info and add.
        if (!String((addError as Error).message).includes('already in use')) throw addError;
      }
    }
  }

  /**
   * Declares a durable, explicitly acked consumer for one subject (with `token`, only its events with that
   * token: see `SUBJECT_TOKENS`); idempotent. Deliveries are not capped here: the consumer counts them and
   * dead-letters past its budget, and a message whose dead letter could not be published must come back
   * to be tried again. `description` is kept up to date on an existing durable as well (the consumer's
   * ledger, see `ledgerOf`); its filter is not: a durable keeps the subject it was created with.
   */
  async ensureConsumer(durable: string, subject: Subject, opts: { ackWaitMs: number; description?: string; token?: string }): Promise<void> {
    const jsm = await this.jsm();
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.subject(opts.token === undefined ? subject : `${subject}.${opts.token}`),
      max_deliver: -1,
      ack_wait: opts.ackWaitMs * 1e6,
      description: opts.description,
    };
    try {
      await jsm.consumers.info(this.stream, durable);
      await jsm.consumers.update(this.stream, durable, { max_deliver: config.max_deliver, ack_wait: config.ack_wait, description: config.description });
    } catch (error) {
      if (!String((error as Error).message).includes('consumer not found')) throw error;
      await jsm.consumers.add(this.stream, config);
    }
  }

  /** Whether the stream has a durable of this name (its configuration untouched). */
  async hasConsumer(durable: string): Promise<boolean> {
    const jsm = await this.jsm();
    try {
      await jsm.consumers.info(this.stream, durable);
      return true;
    } catch (error) {
      if (String((error as Error).message).includes('consumer not found')) return false;
      throw error;
    }
  }

  /**
   * Publishes with the event id as JetStream message id, so a re-publish is dropped as a duplicate;
   * `carrier` (trace context, request id) goes out as headers for the consumers to continue.
   */
  async publish(event: EventEnvelope, carrier?: TraceCarrier | null): Promise<{ duplicate: boolean }> {
    const headers = carrierHeaders(carrier);
    const ack = await this.js.publish(this.eventSubject(event), JSON.stringify({ ...event, version: ENVELOPE_VERSION }), { msgID: event.id, ...(headers ? { headers } : {}) });
    return { duplicate: ack.duplicate };
  }

  /**
   * Publishes several events of one subject as one message, a pack (see `PACK_HEADER`): a JSON array of
   * their envelopes. Its message id is a digest of the events' ids, so a re-published pack of the same
   * events is dropped as a duplicate, and a pack of other events never is.
   */
  async publishPack(events: readonly EventEnvelope[], carrier?: TraceCarrier | null): Promise<{ duplicate: boolean }> {
    const first = events[0];
    if (!first) throw new Error('an empty pack');
    const subject = this.eventSubject(first);
    if (events.some((e) => this.eventSubject(e) !== subject)) throw new Error('a pack holds events of one subject (and token)');
    const headers = carrierHeaders(carrier) ?? natsHeaders();
    headers.set(PACK_HEADER, String(events.length));
    const digest = createHash('sha256');
    for (const e of events) digest.update(e.id).update('\n');
    const body = JSON.stringify(events.map((e) => ({ ...e, version: ENVELOPE_VERSION })));
    const ack = await this.js.publish(subject, body, { msgID: `pack-${digest.digest('base64url')}`, headers });
    return { duplicate: ack.duplicate };
  }

  /**
   * Publishes a dead letter under `<prefix>.dlq.<consumer>`. Its message id is the consumer and the
   * stream sequence of the message given up on (and the event's place in it, for a pack): two poison
   * events never collide, and a dead letter published twice (its `term` lost) is dropped as a duplicate.
   */
  async deadLetter(letter: DeadLetterInput): Promise<void> {
    const h = natsHeaders();
    h.set('Qc-Dlq-Reason', letter.reason.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    h.set('Qc-Dlq-Seq', String(letter.seq));
    await this.js.publish(this.subject(`dlq.${letter.consumer}`), JSON.stringify({ ...letter, failedAt: new Date().toISOString() }), {
      msgID: `dlq-${letter.consumer}-${letter.seq}${letter.part === undefined ? '' : `.${letter.part}`}`,
      headers: h,
    });
  }

  /** Reads the dead letters (oldest first), optionally of one consumer, without consuming them. */
  async listDeadLetters(consumer?: string, limit = 1000): Promise<DeadLetter[]> {
    const filter = this.subject(consumer ? `dlq.${consumer}` : 'dlq.>');
    const jsm = await this.jsm();
    // An ephemeral consumer without acks reads without removing anything; one filter subject keeps
    // it working on NATS 2.9 servers too.
    const info = await jsm.consumers.add(this.stream, {
      filter_subject: filter,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: 30 * 1e9,
    });
    const letters: DeadLetter[] = [];
    try {
      const reader = await this.js.consumers.get(this.stream, info.name);
      const wanted = Math.min(limit, info.num_pending);
      while (letters.length < wanted) {
        const message = await reader.next({ expires: 2000 });
        if (!message) break;
        letters.push({ ...(message.json() as Omit<DeadLetter, 'dlqSeq'>), dlqSeq: message.seq });
      }
    } finally {
      await jsm.consumers.delete(this.stream, info.name).catch(() => undefined);
    }
    return letters;
  }

  /**
   * Events per NATS subject (without the prefix; a subject of `SUBJECT_TOKENS` counts per token) in the
   * stream, dead letters included: a pack counts as the events it holds. Reads every message's headers (not the bodies), so it is for audits, not hot paths.
   */
  async eventCounts(): Promise<Map<string, number>> {
    const jsm = await this.jsm();
    const info = await jsm.consumers.add(this.stream, {
      filter_subject: this.subject('>'),
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      headers_only: true,
      inactive_threshold: 30 * 1e9,
    });
    const counts = new Map<string, number>();
    try {
      const reader = await this.js.consumers.get(this.stream, info.name);
      for (let left = info.num_pending; left > 0; ) {
        let got = 0;
        for await (const message of await reader.fetch({ max_messages: Math.min(left, 1000), expires: 5000 })) {
          got++;
          const subject = message.subject.slice(this.prefix.length + 1);
          counts.set(subject, (counts.get(subject) ?? 0) + Number(message.headers?.get(PACK_HEADER) || 1));
        }
        if (got === 0) throw new Error(`the stream stopped answering with ${left} messages left to count`);
        left -= got;
      }
    } finally {
      await jsm.consumers.delete(this.stream, info.name).catch(() => undefined);
    }
    return counts;
  }

  /** Removes the stream (tests clean up their own event space). */
  async destroy(): Promise<void> {
    const jsm = await this.jsm();
    await jsm.streams.delete(this.stream).catch(() => undefined);
  }
}
