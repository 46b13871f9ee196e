import type { Migration } from '@qc/shared';

// Frozen copy of the statuses at the time of this migration: a later status needs its own migration.
const STATUSES = [
  'PENDING',
  'CONFIRMED',
  'ASSIGNED_TO_STORE',
  'PICKING',
  'PACKED',
  'ASSIGNED_TO_COURIER',
  'PICKED_UP',
  'IN_TRANSIT',
  'DELIVERED',
  'PAYMENT_FAILED',
  'REJECTED',
  'CANCELLED',
  'REFUNDED',
];
const statusList = STATUSES.map((s) => `'${s}'`).join(', ');

export const customersAndOrders: Migration = {
  name: '20261122000000_customers_and_orders',
  async up(db) {
    await db.schema.createTable('customers', (t) => {
      t.text('id').primary();
      t.text('name').notNullable();
      t.text('email').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.check("position('@' in email) > 1", [], 'customers_email_has_at');
    });
    // One account per address whatever its case: "Ann@x.io" and "ann@x.io" are the same inbox.
    await db.raw('CREATE UNIQUE INDEX customers_email_unique ON customers (lower(email))');

    await db.schema.createTable('orders', (t) => {
      t.text('id').primary();
      t.text('customer_id').notNullable().references('id').inTable('customers');
      // A store lives in availability's schema: a plain id, no foreign key across subgraphs.
      t.text('store_id');
      t.text('status').notNullable();
      t.specificType('currency', 'char(3)').notNullable();
      t.integer('total_cents').notNullable();
      t.text('delivery_line1').notNullable();
      t.text('delivery_city').notNullable();
      t.text('delivery_postal_code').notNullable();
      t.double('delivery_lat').notNullable();
      t.double('delivery_lng').notNullable();
      // Millisecond precision, like a JS Date, so a (placed_at, id) cursor round-trips exactly.
      t.timestamp('placed_at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.check(`status IN (${statusList})`, [], 'orders_status_known');
      t.check("currency ~ '^[A-Z]{3}$'", [], 'orders_currency_iso');
      t.check('total_cents >= 0', [], 'orders_total_not_negative');
      t.check('delivery_lat BETWEEN -90 AND 90 AND delivery_lng BETWEEN -180 AND 180', [], 'orders_delivery_on_earth');
      t.check('updated_at >= placed_at', [], 'orders_updated_after_placed');
    });
    // "My orders, newest first" pages straight off this index.
    await db.raw('CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC, id DESC)');
    // A store's queue by status; orders without a store yet are not part of any queue.
    await db.raw('CREATE INDEX orders_store_status_idx ON orders (store_id, status) WHERE store_id IS NOT NULL');

    await db.schema.createTable('order_items', (t) => {
      t.text('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
      t.integer('line').notNullable();
      t.text('product_id').notNullable();
      t.integer('quantity').notNullable();
      t.integer('unit_price_cents').notNullable();
      t.specificType('currency', 'char(3)').notNullable();
      t.primary(['order_id', 'line']);
      t.check('line >= 1', [], 'order_items_line_from_one');
      t.check('quantity > 0', [], 'order_items_quantity_positive');
      t.check('unit_price_cents >= 0', [], 'order_items_price_not_negative');
      t.check("currency ~ '^[A-Z]{3}$'", [], 'order_items_currency_iso');
    });

    await db.schema.createTable('order_status_history', (t) => {
      t.bigIncrements('id');
      t.text('order_id').notNullable().references('id').inTable('orders').onDelete('CASCADE');
      t.text('from_status');
      t.text('to_status').notNullable();
      t.text('actor').notNullable();
      t.text('reason');
      t.timestamp('at', { useTz: true, precision: 3 }).notNullable().defaultTo(db.fn.now());
      t.check(`from_status IS NULL OR from_status IN (${statusList})`, [], 'order_status_history_from_known');
      t.check(`to_status IN (${statusList})`, [], 'order_status_history_to_known');
      t.check('from_status IS DISTINCT FROM to_status', [], 'order_status_history_changes');
      t.index(['order_id', 'at']);
    });
  },
  async down(db) {
    await db.schema.dropTable('order_status_history');
    await db.schema.dropTable('order_items');
    await db.schema.dropTable('orders');
    await db.schema.dropTable('customers');
  },
};
