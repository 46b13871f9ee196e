import type { Migration } from '@qc/shared';

const HAPPY_TARGETS = "'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED'";

/**
 * Issue 5: fulfillment's and delivery's events move the order. `deferred_transitions` keeps events
 * that arrived before the steps they follow; `partial_refunds` records refunds of missing items.
 */
export const orderProgress: Migration = {
  name: '20261201000000_order_progress',
  async up(db) {
    await db.schema.createTable('deferred_transitions', (t) => {
      t.bigIncrements('id');
      t.text('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
      t.text('target_status').notNullable();
      t.text('actor').notNullable();
      t.uuid('event_id').notNullable();
      t.timestamp('at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      // One event may defer two targets (delivery.picked_up → PICKED_UP and IN_TRANSIT).
      t.unique(['event_id', 'target_status']);
      t.check(`target_status IN (${HAPPY_TARGETS})`, [], 'deferred_transitions_target_known');
    });
    await db.raw('CREATE INDEX deferred_transitions_order_idx ON deferred_transitions (order_id)');

    await db.schema.createTable('partial_refunds', (t) => {
      // The fulfillment.item_missing event it answers: one refund per event.
      t.uuid('event_id').primary();
      t.text('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
      t.text('product_id').notNullable();
      t.integer('quantity').notNullable();
      t.integer('amount_cents').notNullable();
      t.specificType('currency', 'char(3)').notNullable();
      // REFUNDED: the provider gave it back; OWED: the provider was down; NOT_CHARGED: nothing was authorized.
      t.text('status').notNullable();
      t.text('actor').notNullable();
      t.timestamp('at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.check('quantity > 0', [], 'partial_refunds_quantity_positive');
      t.check('amount_cents >= 0', [], 'partial_refunds_amount_not_negative');
      t.check("status IN ('REFUNDED', 'OWED', 'NOT_CHARGED')", [], 'partial_refunds_status_known');
    });
    await db.raw('CREATE INDEX partial_refunds_order_idx ON partial_refunds (order_id)');
  },
  async down(db) {
    await db.schema.dropTable('partial_refunds');
    await db.schema.dropTable('deferred_transitions');
  },
};
