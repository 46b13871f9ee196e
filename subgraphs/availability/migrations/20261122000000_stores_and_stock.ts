import type { Migration } from '@qc/shared';

/** `HH:MM` on a 24-hour clock; `closes` may also be `24:00` (end of day). */
const OPENS = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const CLOSES = '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';

export const storesAndStock: Migration = {
  name: '20261122000000_stores_and_stock',
  async up(db) {
    await db.schema.createTable('stores', (t) => {
      t.text('id').primary();
      t.text('name').notNullable();
      t.double('lat').notNullable();
      t.double('lng').notNullable();
      t.text('address').notNullable();
      t.integer('delivery_radius_m').notNullable().checkPositive();
      t.integer('capacity').notNullable().checkPositive();
      t.text('timezone').notNullable();
      t.jsonb('opening_hours').notNullable().defaultTo(db.raw(`'[]'::jsonb`));
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.check('lat BETWEEN -90 AND 90', [], 'stores_lat_range');
      t.check('lng BETWEEN -180 AND 180', [], 'stores_lng_range');
      // Postgres raises on a zone name it does not know, so a typo never reaches isOpen.
      t.check(`('2000-01-01T00:00:00Z'::timestamptz AT TIME ZONE timezone) IS NOT NULL`, [], 'stores_timezone_known');
      // `stores` lists by name; (name, id) keeps the order stable and the sort off the heap.
      t.index(['name', 'id']);
    });
    // isOpen trusts this shape: an array of {dayOfWeek 0–6, opens, closes}. Each test is written so that a
    // missing key or a wrong type counts as bad (a bare comparison would be "unknown" and let it through).
    // Raw SQL because the jsonpath filter's `?` must be escaped from knex.
    const badWindow = [
      '!exists(@.dayOfWeek)',
      '!(@.dayOfWeek.type() == "number" && @.dayOfWeek >= 0 && @.dayOfWeek <= 6 && @.dayOfWeek == @.dayOfWeek.floor())',
      '!(@.opens.type() == "string" && @.opens like_regex "' + OPENS + '")',
      '!(@.closes.type() == "string" && @.closes like_regex "' + CLOSES + '")',
    ].join(' || ');
    await db.raw(
      `ALTER TABLE stores ADD CONSTRAINT stores_opening_hours_shape CHECK ` +
        `(jsonb_typeof(opening_hours) = 'array' AND NOT jsonb_path_exists(opening_hours, '$[*] \\? (${badWindow})'))`,
    );
    await db.schema.createTable('stock', (t) => {
      t.text('store_id').notNullable().references('id').inTable('stores');
      t.text('product_id').notNullable();
      t.integer('on_hand').notNullable().defaultTo(0);
      t.integer('reserved').notNullable().defaultTo(0);
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.primary(['store_id', 'product_id']);
      t.check('on_hand >= 0', [], 'stock_on_hand_non_negative');
      t.check('reserved >= 0', [], 'stock_reserved_non_negative');
      // The last line of defence against oversell: no update can hold more than is on the shelf.
      t.check('reserved <= on_hand', [], 'stock_reserved_within_on_hand');
      // Product.stockLevels and availability by location look stock up by product across stores.
      t.index(['product_id']);
    });
  },
  async down(db) {
    await db.schema.dropTable('stock');
    await db.schema.dropTable('stores');
  },
};
