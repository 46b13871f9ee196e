import type { Migration } from '@qc/shared';

export const productsAndCategories: Migration = {
  name: '20261122000000_products_and_categories',
  async up(db) {
    await db.schema.createTable('categories', (t) => {
      t.text('id').primary();
      t.text('name').notNullable();
      t.text('slug').notNullable().unique();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    });
    await db.schema.createTable('products', (t) => {
      t.text('id').primary();
      t.text('sku').notNullable().unique();
      t.text('name').notNullable();
      t.text('description').notNullable().defaultTo('');
      t.text('category_id').notNullable().references('id').inTable('categories');
      t.integer('price_cents').notNullable().checkPositive();
      t.specificType('currency', 'char(3)').notNullable().defaultTo('EUR');
      t.text('image_url');
      t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      // Browsing pages by (name, id) must not sort the whole table.
      t.index(['name', 'id']);
      t.index(['category_id', 'name', 'id']);
    });
  },
  async down(db) {
    await db.schema.dropTable('products');
    await db.schema.dropTable('categories');
  },
};
