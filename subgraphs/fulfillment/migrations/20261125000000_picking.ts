import type { Migration } from '@qc/shared';

export const picking: Migration = {
  name: '20261125000000_picking',
  async up(db) {
    // The order's lines as confirmed, so a missing-item report can be checked against what was ordered.
    await db.schema.createTable('pick_task_items', (t) => {
      t.text('task_id').notNullable().references('id').inTable('pick_tasks').onDelete('CASCADE');
      t.text('product_id').notNullable();
      t.integer('quantity').notNullable();
      t.integer('missing_quantity').notNullable().defaultTo(0);
      t.primary(['task_id', 'product_id']);
    });
    // The last line of defence against a refund for more than was ordered.
    await db.raw(`
      ALTER TABLE pick_task_items
        ADD CONSTRAINT pick_task_items_quantity_check CHECK (quantity > 0),
        ADD CONSTRAINT pick_task_items_missing_check CHECK (missing_quantity >= 0 AND missing_quantity <= quantity)
    `);
    // Cancellations that arrived before the order's confirmation (two consumers, no order between
    // them), so the late confirmation does not queue a cancelled order.
    await db.schema.createTable('order_cancellations', (t) => {
      t.text('order_id').primary();
      t.timestamp('cancelled_at', { useTz: true }).notNullable();
    });
    // storeQueue: one status of a store, most urgent first, paged by (promised_ready_at, id).
    await db.raw('CREATE INDEX pick_tasks_store_status_promise ON pick_tasks (store_id, status, promised_ready_at, id)');
  },
  async down(db) {
    await db.raw('DROP INDEX pick_tasks_store_status_promise');
    await db.schema.dropTable('order_cancellations');
    await db.schema.dropTable('pick_task_items');
  },
};
