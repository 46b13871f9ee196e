import { randomUUID } from 'node:crypto';
import { createTestDeps, until, type TestDeps } from '../testing';
import { EventRetention } from './retention';
import { eventRetentionMigration, eventTablesMigration } from './tables';

const HOUR = 3600_000;
let deps: TestDeps;

beforeAll(async () => {
  deps = await createTestDeps('retention', [eventTablesMigration, eventRetentionMigration]);
});

afterAll(async () => {
  await deps.close();
});

const ago = (ms: number) => new Date(Date.now() - ms);

async function outboxRow(opts: { occurredAgo: number; publishedAgo: number | null }) {
  const id = randomUUID();
  await deps.db('outbox').insert({
    id,
    subject: 'orders.confirmed',
    payload: JSON.stringify({}),
    occurred_at: ago(opts.occurredAgo),
    published_at: opts.publishedAgo === null ? null : ago(opts.publishedAgo),
  });
  return id;
}

async function processedRow(processedAgo: number) {
  const id = randomUUID();
  await deps.db('processed_events').insert({ event_id: id, consumer: 'ledger', subject: 'orders.confirmed', processed_at: ago(processedAgo) });
  return id;
}

const ids = async (table: 'outbox' | 'processed_events') =>
  (await deps.db(table).select(table === 'outbox' ? 'id' : 'event_id')).map((r: { id?: string; event_id?: string }) => r.id ?? r.event_id).sort();

describe('event retention', () => {
  it('when rows are older than the window, then published outbox rows and processed ids go in batches; unpublished and recent rows stay', async () => {
    await Promise.all(Array.from({ length: 7 }, () => outboxRow({ occurredAgo: 50 * HOUR, publishedAgo: 49 * HOUR })));
    const oldUnpublished = await outboxRow({ occurredAgo: 50 * HOUR, publishedAgo: null });
    const recentPublished = await outboxRow({ occurredAgo: 2 * HOUR, publishedAgo: HOUR });
    await Promise.all(Array.from({ length: 5 }, () => processedRow(30 * HOUR)));
    const recentProcessed = await processedRow(HOUR);
    expect((await ids('outbox')).length).toBe(9);

    const retention = new EventRetention(deps.db, deps.log, { windowMs: 24 * HOUR, batchSize: 3, everyMs: 60 * HOUR });
    // One purge is one batch per table, no more.
    expect(await retention.purgeOnce()).toEqual({ outbox: 3, processed: 3 });

    // The loop goes again at once while batches come back full, without waiting for its interval.
    retention.start();
    try {
      await until(async () => (await ids('outbox')).length === 2 && (await ids('processed_events')).length === 1, 'the loop to drain both tables');
    } finally {
      await retention.stop();
    }
    expect(await ids('outbox')).toEqual([oldUnpublished, recentPublished].sort());
    expect(await ids('processed_events')).toEqual([recentProcessed]);
  });

  it('when nothing is older than the window, then a purge removes nothing', async () => {
    await outboxRow({ occurredAgo: 2 * HOUR, publishedAgo: HOUR });
    const before = { outbox: await ids('outbox'), processed: await ids('processed_events') };
    const retention = new EventRetention(deps.db, deps.log, { windowMs: 24 * HOUR });
    expect(await retention.purgeOnce()).toEqual({ outbox: 0, processed: 0 });
    expect({ outbox: await ids('outbox'), processed: await ids('processed_events') }).toEqual(before);
  });

  it('when the tables are large, then each purge finds its rows through the retention indexes, not a scan', async () => {
    const plans = await deps.db.transaction(async (trx) => {
      // A test table is tiny and the planner would scan it anyway; forbidding the scan shows the index is usable.
      await trx.raw('SET LOCAL enable_seqscan = off');
      const explain = async (sql: string) => (await trx.raw(`EXPLAIN ${sql}`)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      return {
        outbox: await explain('SELECT ctid FROM outbox WHERE published_at IS NOT NULL AND published_at < now() LIMIT 10'),
        processed: await explain('SELECT ctid FROM processed_events WHERE processed_at < now() LIMIT 10'),
      };
    });
    expect(plans.outbox).toMatch(/outbox_published_at/);
    expect(plans.processed).toMatch(/processed_events_processed_at/);
  });
});
