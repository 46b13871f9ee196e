import type { Migration } from '../db';

/**
 * The outbox and the processed-events ledger, created in a subgraph's own schema. Every subgraph that
 * publishes or consumes events lists this migration in its `migrations/index.ts`.
 */
export const eventTablesMigration: Migration = {
  name: '20261122000100_event_outbox_and_ledger',
  async up(db) {
    await db.schema.createTable('outbox', (t) => {
      t.uuid('id').primary();
      t.text('subject').notNullable();
      t.jsonb('payload').notNullable();
      t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.bigIncrements('seq', { primaryKey: false });
      t.timestamp('published_at', { useTz: true });
      t.integer('attempts').notNullable().defaultTo(0);
      t.text('last_error');
    });
    // The relay only ever looks at what is not yet published, in commit order.
    await db.raw('CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL');
    await db.schema.createTable('processed_events', (t) => {
      t.uuid('event_id').notNullable();
      t.text('consumer').notNullable();
      t.text('subject').notNullable();
      t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.primary(['event_id', 'consumer']);
    });
  },
  async down(db) {
    await db.schema.dropTable('processed_events');
    await db.schema.dropTable('outbox');
  },
};

/**
 * Indexes for `EventRetention`: it deletes published outbox rows and processed-event ids by age, a batch
 * at a time, and without these each batch would scan the whole table. Listed after `eventTablesMigration`.
 */
export const eventRetentionMigration: Migration = {
  name: '20261207050000_event_retention_indexes',
  async up(db) {
    await db.raw('CREATE INDEX IF NOT EXISTS outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL');
    await db.raw('CREATE INDEX IF NOT EXISTS processed_events_processed_at ON processed_events (processed_at)');
  },
  async down(db) {
    await db.raw('DROP INDEX IF EXISTS processed_events_processed_at');
    await db.raw('DROP INDEX IF EXISTS outbox_published_at');
  },
};

/**
 * The outbox row carries the trace context and request id of the change that wrote it (see
 * `currentCarrier`), so the relay's publish, the NATS message and its consumers continue that trace.
 * Listed after `eventTablesMigration` by every subgraph that publishes or consumes events.
 */
export const outboxTraceContextMigration: Migration = {
  name: '20261207120000_outbox_trace_context',
  async up(db) {
    await db.schema.alterTable('outbox', (t) => {
      t.jsonb('trace_context');
    });
  },
  async down(db) {
    await db.schema.alterTable('outbox', (t) => {
      t.dropColumn('trace_context');
    });
  },
};
