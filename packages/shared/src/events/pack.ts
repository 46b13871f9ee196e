import type { JsMsg, MsgHdrs } from 'nats';
import { type EnvelopeRead, readEnvelope, readEnvelopeValue } from './envelope';
import type { EventEnvelope, Subject } from './subjects';

/**
 * The header of a message that carries several events of one subject (its value: how many), as a JSON
 * array of envelopes. The outbox relay packs the events one change wrote together (a reservation's
 * eight `inventory.changed`, one per line), so JetStream stores, delivers and takes an ack for one
 * message instead of eight: each message costs the NATS server and the consuming process a round of
 * work whatever its size. Each event keeps its own id, ledger row, retries and dead letter.
 */
export const PACK_HEADER = 'Qc-Pack';

/** Most events in one message (a pack stays far below NATS's 1 MB payload limit). */
export const PACK_MAX_EVENTS = 64;

/**
 * One event as a consumer receives it: a whole message, or one event of a pack. It settles like a
 * message; a pack's message is settled once all its events are: `nak` if any asked to be tried again
 * (the others come back too and are found applied, or re-applied by an idempotent handler), `term` if
 * all were dead-lettered, otherwise `ack`.
 */
export interface Delivery {
  /** The message's stream sequence (with `part`, it names the event in dead letters). */
  readonly seq: number;
  /** The event's place in its pack; undefined when the message is the event. */
  readonly part?: number;
  readonly subject: string;
  readonly headers?: MsgHdrs;
  readonly info: { readonly deliveryCount: number; readonly timestampNanos: number };
  /** The event as an envelope of `subject`, or why it is not one. */
  read(subject: Subject): EnvelopeRead;
  /** What arrived, as text (kept in the dead letter of something that is not an event). */
  raw(): string;
  ack(): void;
  nak(delayMs?: number): void;
  term(): void;
  /** Extends the ack deadline of the whole message. */
  working(): void;
}

/** The events a message carries, one `Delivery` each (a message that is no valid pack is one delivery). */
export function deliveriesOf(msg: JsMsg): Delivery[] {
  const base = { seq: msg.seq, subject: msg.subject, headers: msg.headers, info: msg.info, working: () => msg.working() };
  const whole = (read: (subject: Subject) => EnvelopeRead): Delivery[] => [
    { ...base, read, raw: () => msg.string(), ack: () => msg.ack(), nak: (delayMs) => msg.nak(delayMs), term: () => msg.term() },
  ];
  if (!msg.headers?.get(PACK_HEADER)) return whole((subject) => readEnvelope(msg.data, subject));
  const items = packItems(msg.data);
  if (!items) return whole(() => ({ ok: false, reason: 'pack is not a JSON array of events' }));
  const settle = packSettlement(msg, items.length);
  return items.map((item, part) => ({
    ...base,
    part,
    read: (subject) => readEnvelopeValue(item, subject),
    raw: () => JSON.stringify(item),
    ack: () => settle(part, 'ack'),
    nak: (delayMs) => settle(part, 'nak', delayMs),
    term: () => settle(part, 'term'),
  }));
}

const decoder = new TextDecoder();

/** The events of a pack's body as parsed JSON values (to read with the subject's contract), or null. */
function packItems(data: Uint8Array): unknown[] | null {
  try {
    const items: unknown = JSON.parse(decoder.decode(data));
    return Array.isArray(items) && items.length > 0 ? items : null;
  } catch {
    return null;
  }
}

/** Whatever the stream holds in a message: its events (a pack) or the message as one. */
export function envelopesOf(msg: JsMsg): EventEnvelope[] {
  return msg.headers?.get(PACK_HEADER) ? ((packItems(msg.data) ?? []) as EventEnvelope[]) : [msg.json<EventEnvelope>()];
}

type Outcome = 'ack' | 'nak' | 'term';

/** Settles the message once every part has: see `Delivery`. A part settled twice counts once. */
function packSettlement(msg: JsMsg, parts: number): (part: number, outcome: Outcome, delayMs?: number) => void {
  const outcomes = new Map<number, Outcome>();
  let delay: number | undefined;
  return (part, outcome, delayMs) => {
    if (outcomes.has(part)) return;
    outcomes.set(part, outcome);
    if (outcome === 'nak' && delayMs !== undefined) delay = Math.max(delay ?? 0, delayMs);
    if (outcomes.size < parts) return;
    const all = [...outcomes.values()];
    if (all.includes('nak')) msg.nak(delay);
    else if (all.every((o) => o === 'term')) msg.term();
    else msg.ack();
  };
}

/**
 * The events a message carries when it is read outside a JetStream consumer (a live subject, see
 * `EventBus.publishLive`, or a core-NATS subscriber of stream subjects, as the gateway's subscriptions):
 * each of a pack's, or the message as one event; null when it is not JSON. Each is read with the
 * subject's contract as if it had come alone.
 */
export function eventsOfMessage(message: { data: Uint8Array; headers?: MsgHdrs }): unknown[] | null {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(message.data));
  } catch {
    return null;
  }
  return message.headers?.get(PACK_HEADER) && Array.isArray(value) ? value : [value];
}
