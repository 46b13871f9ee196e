import type { Migration } from '@qc/shared';

export const dispatch: Migration = {
  name: '20261125000000_dispatch',
  async up(db) {
    // Fairness ranks idle couriers by how long they have waited; an offer they let pass keeps their place.
    await db.schema.alterTable('couriers', (t) => {
      t.timestamp('idle_since', { useTz: true });
    });
    await db.raw(`UPDATE couriers SET idle_since = updated_at WHERE status IN ('IDLE', 'OFFERED')`);

    // What dispatch knows about one order, gathered from orders.confirmed, fulfillment.task_created and
    // fulfillment.packed in whatever order they arrive (hence everything but the key is nullable).
    await db.schema.createTable('dispatch_jobs', (t) => {
      t.text('order_id').primary();
      t.text('store_id');
      t.double('store_lat');
      t.double('store_lng');
      t.double('dropoff_lat');
      t.double('dropoff_lng');
      t.timestamp('confirmed_at', { useTz: true });
      t.timestamp('promised_ready_at', { useTz: true });
      t.timestamp('packed_at', { useTz: true });
      t.text('status')
        .notNullable()
        .defaultTo('WAITING')
        .checkIn(['WAITING', 'OFFERED', 'ASSIGNED', 'ESCALATED', 'CANCELLED'], 'dispatch_jobs_status_check');
      t.integer('attempts').notNullable().defaultTo(0);
      t.integer('misses').notNullable().defaultTo(0);
      t.integer('radius_level').notNullable().defaultTo(0);
      t.text('delivery_id').references('id').inTable('deliveries');
      // Null means "look now"; a job waiting for readiness sets when to look again.
      t.timestamp('next_check_at', { useTz: true });
      // When the order first needed a courier: the no-courier escalation clock runs from here.
      t.timestamp('due_since', { useTz: true });
      t.text('escalation_reason').checkIn(['ATTEMPTS_EXHAUSTED', 'NO_COURIER_AVAILABLE'], 'dispatch_jobs_escalation_reason_check');
      t.timestamp('escalated_at', { useTz: true });
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    });
    await db.raw(`
      ALTER TABLE dispatch_jobs
        ADD CONSTRAINT dispatch_jobs_counts_check CHECK (attempts >= 0 AND misses >= 0 AND misses <= attempts AND radius_level >= 0),
        ADD CONSTRAINT dispatch_jobs_store_location_check CHECK ((store_lat IS NULL) = (store_lng IS NULL)),
        ADD CONSTRAINT dispatch_jobs_dropoff_check CHECK ((dropoff_lat IS NULL) = (dropoff_lng IS NULL)),
        -- An escalated order that is cancelled afterwards keeps when and why it was escalated.
        ADD CONSTRAINT dispatch_jobs_escalated_check CHECK (
          (status <> 'ESCALATED' OR escalated_at IS NOT NULL) AND (escalated_at IS NULL) = (escalation_reason IS NULL))
    `);
    // The dispatcher's scan: waiting jobs whose check is due.
    await db.raw(`CREATE INDEX dispatch_jobs_due ON dispatch_jobs (next_check_at NULLS FIRST) WHERE status = 'WAITING'`);
    // The dispatcher's other scan: stores whose location waiting jobs still need.
    await db.raw(`CREATE INDEX dispatch_jobs_store_unlocated ON dispatch_jobs (store_id) WHERE status = 'WAITING' AND store_lat IS NULL`);
    await db.raw(`CREATE INDEX dispatch_jobs_escalated ON dispatch_jobs (escalated_at) WHERE status = 'ESCALATED'`);

    await db.schema.createTable('offers', (t) => {
      t.text('id').primary();
      t.text('order_id').notNullable().references('order_id').inTable('dispatch_jobs');
      t.text('delivery_id').notNullable().references('id').inTable('deliveries');
      t.text('courier_id').notNullable().references('id').inTable('couriers');
      t.integer('attempt').notNullable();
      t.text('status')
        .notNullable()
        .defaultTo('PENDING')
        .checkIn(['PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'], 'offers_status_check');
      t.integer('distance_meters').notNullable();
      t.integer('eta_seconds').notNullable();
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      // When the offer stopped being PENDING (answered, expired or withdrawn).
      t.timestamp('closed_at', { useTz: true });
      t.unique(['order_id', 'attempt'], { indexName: 'offers_order_attempt_unique' });
      // A courier's offer history (who was already asked about an order is read by order_id above).
      t.index(['courier_id', 'created_at']);
    });
    await db.raw(`
      ALTER TABLE offers
        ADD CONSTRAINT offers_attempt_check CHECK (attempt >= 1),
        ADD CONSTRAINT offers_distance_check CHECK (distance_meters >= 0 AND eta_seconds >= 0),
        ADD CONSTRAINT offers_window_check CHECK (expires_at > created_at),
        ADD CONSTRAINT offers_closed_check CHECK ((status = 'PENDING') = (closed_at IS NULL))
    `);
    // One question at a time on both sides, kept by the database: a courier is never asked about two
    // orders at once, and an order is never put to two couriers at once.
    await db.raw(`CREATE UNIQUE INDEX offers_one_pending_per_courier ON offers (courier_id) WHERE status = 'PENDING'`);
    await db.raw(`CREATE UNIQUE INDEX offers_one_pending_per_order ON offers (order_id) WHERE status = 'PENDING'`);
    // The sweeper's scan: pending offers by deadline.
    await db.raw(`CREATE INDEX offers_pending_expiry ON offers (expires_at) WHERE status = 'PENDING'`);
  },
  async down(db) {
    await db.schema.dropTable('offers');
    await db.schema.dropTable('dispatch_jobs');
    await db.schema.alterTable('couriers', (t) => {
      t.dropColumn('idle_since');
    });
  },
};
