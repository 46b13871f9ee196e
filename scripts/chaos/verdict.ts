/**
 * What a chaos run must leave behind, counted from Postgres and JetStream once the stack is quiet:
 * every order placed once per idempotency key, no reservation left active past its time limit, for
 * every consumer "published = in the stream = processed (+ dead-lettered, + ignored by design)", the dead letters the run
 * expected and no others, and no courier on two deliveries at once.
 */
import { createDb, ledgerOf, SUBJECT_TOKENS, type EventEnvelope, type Knex } from '@qc/shared';
import type { EventBus } from '@qc/shared';
import * as availabilityStatusChanged from '../../subgraphs/availability/src/events/orders-status-changed';
import * as deliveryStatusChanged from '../../subgraphs/delivery/src/events/orders-status-changed';
import * as fulfillmentStatusChanged from '../../subgraphs/fulfillment/src/events/orders-status-changed';

/** Subgraphs that publish through an outbox or consume events (catalog does neither). */
const EVENT_SCHEMAS = ['availability', 'orders', 'fulfillment', 'delivery', 'tracking'] as const;

export interface Check {
  ok: boolean;
  name: string;
  detail: string;
}

export interface QuietState {
  pending: number;
  ackPending: number;
  unpublished: number;
}

/**
 * The `ignores` of the durable consumers that ignore some events by design: the audit applies each to the
 * published events of the subject to count those acked with no processed-events row. Which consumers do
 * so, and which keep no ledger at all (idempotent: every event), each says itself in its JetStream
 * description (`ledgerOf`); one that declares `ignores` without a predicate here fails the check by name.
 */
type Ignores = (event: EventEnvelope<never>) => boolean;
const IGNORES: Record<string, Ignores> = {
  [deliveryStatusChanged.ORDERS_STATUS_CHANGED_CONSUMER]: deliveryStatusChanged.ignoresStatusChange,
  [fulfillmentStatusChanged.ORDERS_STATUS_CHANGED_CONSUMER]: fulfillmentStatusChanged.ignoresStatusChange,
  [availabilityStatusChanged.ORDERS_STATUS_CHANGED_CONSUMER]: availabilityStatusChanged.ignoresStatusChange,
};

/** The event subject of a NATS subject (without the prefix): one of SUBJECT_TOKENS without its token. */
function eventSubjectOf(natsSubject: string): string {
  const base = natsSubject.slice(0, natsSubject.lastIndexOf('.'));
  return base in SUBJECT_TOKENS ? base : natsSubject;
}

/** Reads the counts; one instance per run (one pool on the stack's database). */
export class Auditor {
  readonly db: Knex;

  constructor(
    url: string,
    private readonly bus: EventBus,
  ) {
    this.db = createDb({ url, schema: 'public', poolMax: 2 });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** Messages not yet delivered or acked by any consumer, and outbox rows not yet published. */
  async quietState(): Promise<QuietState> {
    const jsm = await this.bus.jsm();
    let pending = 0;
    let ackPending = 0;
    for await (const info of jsm.consumers.list(this.bus.stream)) {
      if (!info.config.durable_name) continue;
      pending += info.num_pending;
      ackPending += info.num_ack_pending;
    }
    let unpublished = 0;
    for (const schema of EVENT_SCHEMAS) {
      const [row] = await this.db.withSchema(schema).from('outbox').whereNull('published_at').count<{ count: string }[]>('* as count');
      unpublished += Number(row!.count);
    }
    return { pending, ackPending, unpublished };
  }

  /** Waits until nothing is pending anywhere (or `ms` passed); returns how long it took, or null. */
  async waitQuiet(ms: number): Promise<number | null> {
    const started = Date.now();
    for (;;) {
      try {
        const state = await this.quietState();
        if (state.pending === 0 && state.ackPending === 0 && state.unpublished === 0) return Date.now() - started;
      } catch {
        // the stack may still be coming back
      }
      if (Date.now() - started > ms) return null;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async checks(expectedDeadLetters: ReadonlyMap<string, number>): Promise<Check[]> {
    return [
      await this.ordersOncePerKey(),
      await this.noOrphanReservations(),
      ...(await this.eventFlow(expectedDeadLetters)),
      await this.noCourierTwice(),
    ];
  }

  private async ordersOncePerKey(): Promise<Check> {
    const { keys, orders: keyed, distinct } = (
      await this.db.raw(`SELECT count(*)::int AS keys, count(order_id)::int AS orders, count(DISTINCT order_id)::int AS distinct FROM orders.idempotency_keys WHERE status = 'COMPLETED'`)
    ).rows[0] as { keys: number; orders: number; distinct: number };
    const { missing } = (
      await this.db.raw(`SELECT count(*)::int AS missing FROM orders.idempotency_keys k WHERE k.status = 'COMPLETED' AND NOT EXISTS (SELECT 1 FROM orders.orders o WHERE o.id = k.order_id)`)
    ).rows[0] as { missing: number };
    const { stuck } = (await this.db.raw(`SELECT count(*)::int AS stuck FROM orders.idempotency_keys WHERE status = 'IN_PROGRESS' AND locked_until < now()`)).rows[0] as { stuck: number };
    const ok = distinct === keyed && missing === 0;
    return { ok, name: 'orders once per idempotency key', detail: `${keys} keys → ${distinct} distinct orders, ${missing} missing, ${stuck} placements abandoned mid-way (lock expired, retry allowed)` };
  }

  private async noOrphanReservations(): Promise<Check> {
    const { rows } = await this.db.raw(
      `SELECT count(*) FILTER (WHERE status = 'ACTIVE' AND expires_at < now() - interval '30 seconds')::int AS orphans, count(*) FILTER (WHERE status = 'ACTIVE')::int AS active FROM availability.reservations`,
    );
    const { orphans, active } = rows[0] as { orphans: number; active: number };
    return { ok: orphans === 0, name: 'no orphan reservation past its TTL', detail: `${orphans} active past TTL + 30 s (${active} active in all)` };
  }

  /** How many published events of `subject` (from the outboxes) the consumer's `ignores` settles with no record. */
  private async ignoredBy(ignores: Ignores, subject: string): Promise<number> {
    let n = 0;
    for (const schema of EVENT_SCHEMAS) {
      const rows = (await this.db.raw(`SELECT id, subject, occurred_at, payload FROM ${schema}.outbox WHERE subject = ? AND published_at IS NOT NULL`, [subject])).rows;
      for (const row of rows as { id: string; subject: EventEnvelope['subject']; occurred_at: Date; payload: never }[]) {
        if (ignores({ id: row.id, subject: row.subject, occurredAt: row.occurred_at.toISOString(), data: row.payload })) n += 1;
      }
    }
    return n;
  }

  /**
   * Per subject: published (outbox rows with published_at, all schemas) against the stream's count
   * (less the poison the run injected itself); per durable consumer: processed + dead-lettered against
   * the stream's count of its subject.
   */
  private async eventFlow(expectedDeadLetters: ReadonlyMap<string, number>): Promise<Check[]> {
    const jsm = await this.bus.jsm();
    // Events, not messages: the relay packs the events one change wrote of one subject into one message.
    // Per NATS subject (what a durable filters on), and per event subject (what the outbox says): a subject
    // of SUBJECT_TOKENS is in the stream once per token.
    const inStream = await this.bus.eventCounts();
    const bySubject = new Map<string, number>();
    for (const [natsSubject, count] of inStream) {
      const subject = eventSubjectOf(natsSubject);
      bySubject.set(subject, (bySubject.get(subject) ?? 0) + count);
    }

    const published = new Map<string, number>();
    const processed = new Map<string, number>();
    for (const schema of EVENT_SCHEMAS) {
      const rows = (await this.db.raw(`SELECT subject, count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NOT NULL GROUP BY subject`)).rows as { subject: string; n: number }[];
      for (const { subject, n } of rows) published.set(subject, (published.get(subject) ?? 0) + n);
      const done = (await this.db.raw(`SELECT consumer, count(*)::int AS n FROM ${schema}.processed_events GROUP BY consumer`)).rows as { consumer: string; n: number }[];
      for (const { consumer, n } of done) processed.set(consumer, n);
    }
    const deadLetters = new Map<string, number>();
    for (const [subject, count] of inStream) if (subject.startsWith('dlq.')) deadLetters.set(subject.slice(4), count);

    const checks: Check[] = [];
    const mismatched: string[] = [];
    let subjects = 0;
    // Poison went to each filter subject once, whatever number of durables read it.
    const poisoned = new Map<string, number>();
    for (const [consumer, n] of expectedDeadLetters) {
      const subject = consumer.split('@')[1];
      if (subject) poisoned.set(subject, Math.max(poisoned.get(subject) ?? 0, n));
    }
    const injected = new Map<string, number>();
    for (const [natsSubject, n] of poisoned) {
      const subject = eventSubjectOf(natsSubject);
      injected.set(subject, (injected.get(subject) ?? 0) + n);
    }
    for (const [subject, count] of bySubject) {
      if (subject.startsWith('dlq.')) continue;
      subjects++;
      const expected = (published.get(subject) ?? 0) + (injected.get(subject) ?? 0);
      if (expected !== count) mismatched.push(`${subject}: outbox ${published.get(subject) ?? 0} + poison ${injected.get(subject) ?? 0} ≠ stream ${count}`);
    }
    for (const [subject, n] of published) if (!bySubject.has(subject)) mismatched.push(`${subject}: outbox ${n}, not in the stream`);
    checks.push({ ok: mismatched.length === 0, name: 'outbox = stream (per subject)', detail: mismatched.length ? mismatched.join('; ') : `${subjects} subjects, ${[...published.values()].reduce((a, b) => a + b, 0)} events` });

    const consumerLines: string[] = [];
    const wrong: string[] = [];
    const unexpectedLetters: string[] = [];
    for await (const c of jsm.consumers.list(this.bus.stream)) {
      const name = c.config.durable_name;
      if (!name) continue;
      const subject = (c.config.filter_subject ?? '').slice(this.bus.prefix.length + 1);
      const stream = inStream.get(subject) ?? 0;
      const done = processed.get(name) ?? 0;
      const dead = deadLetters.get(name) ?? 0;
      const ledger = ledgerOf(c.config.description);
      const expectedDead = expectedDeadLetters.get(`${name}@${subject}`) ?? 0;
      if (ledger === 'ignores' && !IGNORES[name]) {
        wrong.push(`${name} (${subject}): ignores events by design, but the audit has no predicate for it (IGNORES in scripts/chaos/verdict.ts)`);
        continue;
      }
      // Settled with no processed-events row by design: all of an idempotent consumer's, what `ignores` accepts.
      const ignored = ledger === 'none' ? (published.get(subject) ?? 0) : ledger === 'ignores' ? await this.ignoredBy(IGNORES[name]!, subject) : 0;
      consumerLines.push(`${name} ${done}+${dead}${ledger === 'none' ? `+${ignored} without a ledger` : ignored ? `+${ignored} ignored` : ''}/${stream}`);
      if (done + dead + ignored !== stream) wrong.push(`${name} (${subject}): processed ${done} + dead ${dead}${ledger === 'every' || !ledger ? '' : ` + settled without a row by design ${ignored}`} ≠ stream ${stream}`);
      if (dead !== expectedDead) unexpectedLetters.push(`${name}: ${dead} dead letters, expected ${expectedDead}`);
    }
    checks.push({ ok: wrong.length === 0, name: 'stream = processed + dead-lettered (per consumer)', detail: wrong.length ? wrong.join('; ') : `${consumerLines.length} consumers: ${consumerLines.join(', ')}` });
    const expectedTotal = [...expectedDeadLetters.values()].reduce((a, b) => a + b, 0);
    checks.push({
      ok: unexpectedLetters.length === 0,
      name: 'dead letters as expected',
      detail: unexpectedLetters.length ? unexpectedLetters.join('; ') : `${[...deadLetters.values()].reduce((a, b) => a + b, 0)} dead letters, ${expectedTotal} expected`,
    });
    return checks;
  }

  private async noCourierTwice(): Promise<Check> {
    const { rows } = await this.db.raw(`
      SELECT
        (SELECT count(*)::int FROM (SELECT order_id FROM delivery.deliveries WHERE status <> 'FAILED' GROUP BY order_id HAVING count(*) > 1) o) AS orders_twice,
        (SELECT count(*)::int FROM (SELECT courier_id FROM delivery.deliveries WHERE status IN ('ASSIGNED', 'PICKED_UP') GROUP BY courier_id HAVING count(*) > 1) c) AS couriers_busy_twice,
        (SELECT count(*)::int FROM delivery.deliveries a JOIN delivery.deliveries b
           ON a.courier_id = b.courier_id AND a.id < b.id AND a.assigned_at IS NOT NULL AND b.assigned_at IS NOT NULL
          AND tstzrange(a.assigned_at, coalesce(a.delivered_at, now())) && tstzrange(b.assigned_at, coalesce(b.delivered_at, now()))
          AND a.status <> 'FAILED' AND b.status <> 'FAILED') AS overlapping,
        (SELECT count(*)::int FROM (SELECT order_id FROM delivery.offers WHERE status = 'ACCEPTED' GROUP BY order_id HAVING count(*) > 1) x) AS accepted_twice,
        (SELECT count(*)::int FROM delivery.deliveries WHERE status <> 'FAILED') AS deliveries`);
    const r = rows[0] as { orders_twice: number; couriers_busy_twice: number; overlapping: number; accepted_twice: number; deliveries: number };
    const ok = r.orders_twice + r.couriers_busy_twice + r.overlapping + r.accepted_twice === 0;
    return {
      ok,
      name: 'no courier double-assigned',
      detail: `${r.deliveries} deliveries; orders with two live deliveries ${r.orders_twice}, couriers on two at once ${r.couriers_busy_twice}, overlapping assignments ${r.overlapping}, orders accepted twice ${r.accepted_twice}`,
    };
  }
}
