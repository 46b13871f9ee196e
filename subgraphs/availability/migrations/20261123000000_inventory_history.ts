import type { Migration } from '@qc/shared';

export const inventoryHistory: Migration = {
  name: '20261123000000_inventory_history',
  async up(db) {
    await db.schema.createTable('inventory_history', (t) => {
      t.text('id').primary();
      t.text('store_id').notNullable();
      t.text('product_id').notNullable();
      t.integer('delta').notNullable();
      t.text('reason').notNullable();
      t.integer('on_hand_after').notNullable();
      t.integer('reserved_after').notNullable();
      t.text('actor').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      // History is of stock lines that exist: a row here always names a (store, product) in `stock`.
      t.foreign(['store_id', 'product_id']).references(['store_id', 'product_id']).inTable('stock');
      t.check('delta <> 0', [], 'inventory_history_delta_not_zero');
      t.check('char_length(reason) BETWEEN 1 AND 500', [], 'inventory_history_reason_length');
      t.check('on_hand_after >= reserved_after AND reserved_after >= 0', [], 'inventory_history_after_consistent');
      // "What happened to this line lately" reads newest first.
      t.index(['store_id', 'product_id', 'created_at']);
    });
  },
  async down(db) {
    await db.schema.dropTable('inventory_history');
  },
};
