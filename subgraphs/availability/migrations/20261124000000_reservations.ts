import type { Migration } from '@qc/shared';

export const reservations: Migration = {
  name: '20261124000000_reservations',
  async up(db) {
    await db.schema.createTable('reservations', (t) => {
      t.text('id').primary();
      t.text('order_id').notNullable().unique();
      t.text('store_id').notNullable().references('id').inTable('stores');
      t.text('status').notNullable().defaultTo('ACTIVE');
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.integer('distance_m').notNullable();
      t.text('requested_by').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('confirmed_at', { useTz: true });
      t.timestamp('released_at', { useTz: true });
      t.text('released_reason');
      t.timestamp('consumed_at', { useTz: true });
      t.check('distance_m >= 0', [], 'reservations_distance_non_negative');
      t.check(`status IN ('ACTIVE', 'CONFIRMED', 'RELEASED', 'CONSUMED')`, [], 'reservations_status_known');
      // A released reservation always says when and why; no other one does.
      t.check(`(status = 'RELEASED') = (released_at IS NOT NULL AND released_reason IS NOT NULL)`, [], 'reservations_released_has_reason');
      t.check(`(status = 'CONSUMED') = (consumed_at IS NOT NULL)`, [], 'reservations_consumed_has_time');
    });
    // The sweeper reads only ACTIVE reservations by expiry; store load counts ACTIVE ones per store.
    await db.raw(`CREATE INDEX reservations_active_expiry ON reservations (expires_at) WHERE status = 'ACTIVE'`);
    await db.raw(`CREATE INDEX reservations_active_store ON reservations (store_id) WHERE status = 'ACTIVE'`);

    await db.schema.createTable('reservation_items', (t) => {
      t.text('reservation_id').notNullable().references('id').inTable('reservations').onDelete('CASCADE');
      t.text('store_id').notNullable();
      t.text('product_id').notNullable();
      t.integer('quantity').notNullable();
      // Units that left the shelf in the bag; set when the reservation is consumed.
      t.integer('packed_quantity');
      t.primary(['reservation_id', 'product_id']);
      t.foreign(['store_id', 'product_id']).references(['store_id', 'product_id']).inTable('stock');
      t.check('quantity > 0', [], 'reservation_items_quantity_positive');
      t.check('packed_quantity IS NULL OR packed_quantity BETWEEN 0 AND quantity', [], 'reservation_items_packed_within_quantity');
    });

    // Reservations change `reserved` (and packing `on_hand`), so the history now records both, and what kind of change it was.
    await db.schema.alterTable('inventory_history', (t) => {
      t.integer('reserved_delta').notNullable().defaultTo(0);
      t.text('kind').notNullable().defaultTo('ADJUSTMENT');
      t.text('reservation_id');
    });
    await db.raw('ALTER TABLE inventory_history DROP CONSTRAINT inventory_history_delta_not_zero');
    await db.raw(`ALTER TABLE inventory_history ADD CONSTRAINT inventory_history_changes_something CHECK (delta <> 0 OR reserved_delta <> 0)`);
    await db.raw(
      `ALTER TABLE inventory_history ADD CONSTRAINT inventory_history_kind_known CHECK (
         (kind = 'ADJUSTMENT' AND reserved_delta = 0 AND reservation_id IS NULL)
         OR (kind IN ('RESERVE', 'RELEASE', 'CONSUME') AND reservation_id IS NOT NULL))`,
    );

    // Open pick tasks per store as fulfillment last reported them (`fulfillment.store_load`).
    await db.schema.createTable('store_load', (t) => {
      t.text('store_id').primary();
      t.integer('open_tasks').notNullable();
      t.timestamp('reported_at', { useTz: true }).notNullable();
      t.check('open_tasks >= 0', [], 'store_load_open_tasks_non_negative');
    });
  },
  async down(db) {
    await db.schema.dropTable('store_load');
    await db.raw('ALTER TABLE inventory_history DROP CONSTRAINT inventory_history_kind_known');
    await db.raw('ALTER TABLE inventory_history DROP CONSTRAINT inventory_history_changes_something');
    await db('inventory_history').whereNot('kind', 'ADJUSTMENT').delete();
    await db.schema.alterTable('inventory_history', (t) => {
      t.dropColumn('reservation_id');
      t.dropColumn('kind');
      t.dropColumn('reserved_delta');
    });
    await db.raw('ALTER TABLE inventory_history ADD CONSTRAINT inventory_history_delta_not_zero CHECK (delta <> 0)');
    await db.schema.dropTable('reservation_items');
    await db.schema.dropTable('reservations');
  },
};
