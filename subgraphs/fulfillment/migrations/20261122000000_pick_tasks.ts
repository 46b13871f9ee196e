import type { Migration } from '@qc/shared';

export const pickTasks: Migration = {
  name: '20261122000000_pick_tasks',
  async up(db) {
    await db.schema.createTable('pick_tasks', (t) => {
      t.text('id').primary();
      // One task per order: a redelivered order event must never queue the order twice.
      t.text('order_id').notNullable().unique();
      t.text('store_id').notNullable();
      t.text('status').notNullable().defaultTo('QUEUED').checkIn(['QUEUED', 'PICKING', 'PACKED', 'CANCELLED'], 'pick_tasks_status_check');
      t.timestamp('promised_ready_at', { useTz: true }).notNullable();
      t.timestamp('started_at', { useTz: true });
      t.timestamp('packed_at', { useTz: true });
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      // The store's queue (by status, oldest first) and its open-task count read this index only.
      t.index(['store_id', 'status', 'created_at']);
    });
    // Timestamps must agree with the status, or SLA figures (isLate, pick durations) lie.
    await db.raw(`
      ALTER TABLE pick_tasks
        ADD CONSTRAINT pick_tasks_started_check CHECK (status NOT IN ('PICKING', 'PACKED') OR started_at IS NOT NULL),
        ADD CONSTRAINT pick_tasks_packed_check CHECK (status <> 'PACKED' OR packed_at IS NOT NULL),
        ADD CONSTRAINT pick_tasks_order_of_events_check CHECK (packed_at IS NULL OR started_at IS NULL OR packed_at >= started_at)
    `);
  },
  async down(db) {
    await db.schema.dropTable('pick_tasks');
  },
};
