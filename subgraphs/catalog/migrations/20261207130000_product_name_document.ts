import type { Migration } from '@qc/shared';

/**
 * The name's words alone, indexed. A GIN index on a tsvector cannot check weights: a name-only lexeme
 * of `search_document` ("veg:*A") matched every product with the word anywhere ("suitable for vegans"
 * in thousands of descriptions), and each one was read from the heap only to be thrown away on the
 * weight. Searching the name words here keeps the index exact.
 */
export const productNameDocument: Migration = {
  name: '20261207130000_product_name_document',
  async up(db) {
    // The same lexemes as the weight-A part of search_document: the same configuration on the same text.
    await db.raw(`ALTER TABLE products ADD COLUMN name_document tsvector GENERATED ALWAYS AS (to_tsvector('english', name)) STORED`);
    // fastupdate off for the reason products_search_document_idx has it.
    await db.raw('CREATE INDEX products_name_document_idx ON products USING gin (name_document) WITH (fastupdate = off)');
  },
  async down(db) {
    await db.raw('DROP INDEX products_name_document_idx');
    await db.raw('ALTER TABLE products DROP COLUMN name_document');
  },
};
