import type { Migration } from '@qc/shared';

/**
 * Issue 6: the courier delivery assigned to an order (from `delivery.assigned`), so that courier may
 * follow the order they carry. Null until a courier accepts; a reassignment overwrites it.
 */
export const orderCourier: Migration = {
  name: '20261206000000_order_courier',
  async up(db) {
    await db.schema.alterTable('orders', (t) => {
      t.text('courier_id');
    });
  },
  async down(db) {
    await db.schema.alterTable('orders', (t) => {
      t.dropColumn('courier_id');
    });
  },
};
