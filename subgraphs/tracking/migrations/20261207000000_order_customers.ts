import type { Migration } from '@qc/shared';

export const orderCustomers: Migration = {
  name: '20261207000000_order_customers',
  async up(db) {
    // Who ordered, from orders.confirmed: the access rules let the customer of a live delivery see its
    // courier's position and the order's ETA, and nobody else but its store, its courier and admins.
    await db.schema.createTable('order_customers', (t) => {
      t.text('order_id').primary();
      t.text('customer_id').notNullable();
    });
  },
  async down(db) {
    await db.schema.dropTable('order_customers');
  },
};
