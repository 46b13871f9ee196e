import { randomUUID } from 'node:crypto';
import type { Knex } from '../db';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import type { EventEnvelope, Subject } from './subjects';

/**
 * Records an event in the outbox inside the caller's transaction, so the event exists exactly when
 * the state change it describes was committed. The relay publishes it afterwards.
 */
export async function enqueueEvent<T>(trx: Knex, subject: Subject, data: T, id: string = randomUUID()): Promise<EventEnvelope<T>> {
  const occurredAt = new Date();
  await trx('outbox').insert({ id, subject, payload: JSON.stringify(data), occurred_at: occurredAt });
  return { id, subject, occurredAt: occurredAt.toISOString(), data };
}

interface OutboxRow {
  id: string;
  subject: Subject;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
}

export interface RelayOptions {
  batchSize?: number;
  /** How often to look for new rows when nobody kicked the relay. */
  pollMs?: number;
  /** Key of the advisory lock that keeps one relay per outbox (ordering). */
  lockKey?: number;
}

/**
 * Publishes committed outbox rows to JetStream in commit order and marks them published. If the
 * process dies between publish and mark, the row is published again on restart with the same
 * message id, which JetStream drops as a duplicate (and consumers de-duplicate by event id anyway).
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private wake?: () => void;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly lockKey: number;

  constructor(
    private readonly db: Knex,
    private readonly bus: EventBus,
    private readonly log: Logger,
    opts: RelayOptions = {},
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.pollMs = opts.pollMs ?? 100;
    this.lockKey = opts.lockKey ?? 0x0b0c5;
  }

  /** Publishes one batch; returns how many rows were published. */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (trx) => {
      // One relay at a time per outbox, so events leave in the order they were committed.
      const lock = await trx.raw('SELECT pg_try_advisory_xact_lock(?, hashtext(current_schema())) AS ok', [this.lockKey]);
      if (!lock.rows[0].ok) return 0;
      const rows: OutboxRow[] = await trx('outbox')
        .select('id', 'subject', 'payload', 'occurred_at', 'attempts')
        .whereNull('published_at')
        .orderBy('seq')
        .limit(this.batchSize);
      const published: string[] = [];
      for (const row of rows) {
        try {
          await this.bus.publish({ id: row.id, subject: row.subject, occurredAt: row.occurred_at.toISOString(), data: row.payload });
          published.push(row.id);
        } catch (error) {
          // Stop at the first failure: publishing later rows first would reorder events.
          await trx('outbox').where('id', row.id).update({ attempts: row.attempts + 1, last_error: String((error as Error).message) });
          this.log.warn({ err: error, eventId: row.id }, 'outbox publish failed; will retry');
          break;
        }
      }
      if (published.length) await trx('outbox').whereIn('id', published).update({ published_at: trx.fn.now() });
      return published.length;
    });
  }

  /** Starts relaying in the background until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Asks the relay to look now (after a commit) instead of at the next poll. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let published = 0;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.log.error({ err: error }, 'outbox relay failed; retrying');
      }
      if (published >= this.batchSize) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.pollMs);
      });
      clearTimeout(this.timer);
    }
  }
}
