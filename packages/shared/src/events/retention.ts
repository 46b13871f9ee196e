import type { Knex } from '../db';
import type { Logger } from '../logger';
import { Loop } from '../loop';

/** Default retention: the stream keeps events 7 days, so no event it could still hand out loses its processed id. */
export const EVENT_RETENTION_DEFAULT_HOURS = 7 * 24;

export interface EventRetentionOptions {
  /** Published outbox rows and processed-event ids older than this are deleted. */
  windowMs: number;
  /** Rows deleted per statement (per table); a full batch makes the loop go again at once. */
  batchSize?: number;
  /** Pause between purges when the last one found nothing more to delete. */
  everyMs?: number;
}

/** What one purge removed. */
export interface PurgeResult {
  outbox: number;
  processed: number;
}

/**
 * Keeps the outbox and the processed-events ledger from growing for ever: published outbox rows and
 * processed-event ids older than the window go, `batchSize` rows per table per statement, so a purge
 * never holds long locks or a long transaction. Unpublished outbox rows are never touched, however old.
 *
 * The window must outlive any redelivery of an event already applied, or the redelivery would apply it
 * again: JetStream redelivers only what was not acked (seconds to minutes), and the stream itself keeps
 * events 7 days, the default here. One loop per subgraph process; replicas purging at once only share
 * the work.
 */
export class EventRetention {
  private readonly batchSize: number;
  private readonly loop: Loop;

  constructor(
    private readonly db: Knex,
    log: Logger,
    private readonly opts: EventRetentionOptions,
  ) {
    this.batchSize = opts.batchSize ?? 5000;
    this.loop = new Loop({ name: 'event-retention', everyMs: opts.everyMs ?? 10 * 60 * 1000, log }, async () => {
      const removed = await this.purgeOnce();
      if (removed.outbox + removed.processed > 0) log.info({ ...removed }, 'old events purged');
      return removed.outbox === this.batchSize || removed.processed === this.batchSize;
    });
  }

  /** Deletes one batch of each table's expired rows; returns how many went. */
  async purgeOnce(): Promise<PurgeResult> {
    const cutoff = new Date(Date.now() - this.opts.windowMs);
    // ctid = ANY(ARRAY(subquery)) deletes the rows the indexed subquery found without a join or a sort.
    const outbox = await this.db.raw(
      'DELETE FROM outbox WHERE ctid = ANY(ARRAY(SELECT ctid FROM outbox WHERE published_at IS NOT NULL AND published_at < ? LIMIT ?))',
      [cutoff, this.batchSize],
    );
    const processed = await this.db.raw(
      'DELETE FROM processed_events WHERE ctid = ANY(ARRAY(SELECT ctid FROM processed_events WHERE processed_at < ? LIMIT ?))',
      [cutoff, this.batchSize],
    );
    return { outbox: outbox.rowCount ?? 0, processed: processed.rowCount ?? 0 };
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Resolves after a purge that started after this call (a signal for tests). */
  nextRun(): Promise<void> {
    return this.loop.nextRun();
  }
}
