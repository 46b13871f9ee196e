import { ensureExtension, type Migration } from '@qc/shared';

/**
 * Starter synonym groups: the first phrase is the group's `term`, the rest its aliases. Phrases are
 * stored the way search normalizes text (lower case, words of letters and digits, single spaces).
 */
const STARTER_SYNONYMS: readonly (readonly string[])[] = [
  ['soft drink', 'soda', 'pop', 'fizzy drink'],
  ['kebab', 'kabob', 'kebap', 'doner', 'döner'],
  ['crisps', 'chips'],
  ['aubergine', 'eggplant'],
  ['courgette', 'zucchini'],
  ['coriander', 'cilantro'],
  ['rocket', 'arugula'],
  ['spring onion', 'scallion', 'green onion'],
  ['prawn', 'shrimp'],
  ['mince', 'minced meat', 'ground meat'],
  ['biscuit', 'cookie'],
  ['sweets', 'candy'],
  ['ice lolly', 'popsicle'],
  ['yoghurt', 'yogurt'],
  ['chickpea', 'garbanzo'],
  ['beetroot', 'beet'],
  ['bell pepper', 'capsicum'],
  ['fries', 'french fries'],
  ['toilet paper', 'toilet roll', 'loo roll'],
  ['nappy', 'diaper'],
  ['washing up liquid', 'dish soap'],
  ['cling film', 'plastic wrap'],
  ['icing sugar', 'powdered sugar'],
  ['double cream', 'heavy cream'],
  ['sparkling water', 'soda water', 'fizzy water'],
];

export const productSearch: Migration = {
  name: '20261123000000_product_search',
  async up(db) {
    await ensureExtension(db, 'pg_trgm');
    // Generated, so every writer (the seed's upsertMany included) keeps it current without knowing it exists.
    // Name words weigh A, description words B: the tiers and the rank read the weights.
    await db.raw(`
      ALTER TABLE products ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')
      ) STORED`);
    // fastupdate off: the catalog is read far more than written, and a GIN pending list (scanned
    // linearly by every search until vacuum merges it) made searches right after a bulk load 5–10x slower.
    await db.raw('CREATE INDEX products_search_document_idx ON products USING gin (search_document) WITH (fastupdate = off)');
    // "Name starts with the text" as an index range scan; the pattern ops make LIKE 'x%' usable under any collation.
    await db.raw('CREATE INDEX products_name_prefix_idx ON products (lower(name) text_pattern_ops)');
    await db.raw('CREATE INDEX products_tags_idx ON products USING gin (tags)');

    // The vocabulary typos are corrected against: every word of every product name, kept by
    // statement-level triggers so a bulk upsert adds its new words in one INSERT.
    await db.raw(`
      CREATE TABLE search_words (
        word text PRIMARY KEY CHECK (word = lower(word) AND length(word) >= 3)
      )`);
    await db.raw('CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops) WITH (fastupdate = off)');
    // SET search_path FROM CURRENT pins this schema, whoever writes products. Words are inserted in
    // order so two concurrent upserts wait for each other instead of deadlocking.
    await db.raw(`
      CREATE FUNCTION collect_search_words() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w FROM new_products, regexp_split_to_table(lower(new_products.name), '[^[:alnum:]]+') AS w
        WHERE length(w) >= 3 AND w ~ '[[:alpha:]]'
        ORDER BY w
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    for (const event of ['INSERT', 'UPDATE']) {
      await db.raw(`
        CREATE TRIGGER products_search_words_${event.toLowerCase()} AFTER ${event} ON products
        REFERENCING NEW TABLE AS new_products FOR EACH STATEMENT EXECUTE FUNCTION collect_search_words()`);
    }
    await db.raw(`
      INSERT INTO search_words (word)
      SELECT DISTINCT w FROM products, regexp_split_to_table(lower(products.name), '[^[:alnum:]]+') AS w
      WHERE length(w) >= 3 AND w ~ '[[:alpha:]]'
      ON CONFLICT DO NOTHING`);

    await db.schema.createTable('synonyms', (t) => {
      t.text('term').notNullable();
      t.text('alias').notNullable();
      t.primary(['term', 'alias']);
      t.index(['alias']);
    });
    const normalized = "~ '^[[:alnum:]]+( [[:alnum:]]+)*$'";
    await db.raw(`
      ALTER TABLE synonyms
        ADD CONSTRAINT synonyms_term_normalized CHECK (term = lower(term) AND term ${normalized}),
        ADD CONSTRAINT synonyms_alias_normalized CHECK (alias = lower(alias) AND alias ${normalized}),
        ADD CONSTRAINT synonyms_distinct CHECK (term <> alias)`);
    await db('synonyms').insert(STARTER_SYNONYMS.flatMap(([term, ...aliases]) => aliases.map((alias) => ({ term, alias }))));
  },
  async down(db) {
    await db.schema.dropTable('synonyms');
    await db.raw('DROP TRIGGER products_search_words_insert ON products');
    await db.raw('DROP TRIGGER products_search_words_update ON products');
    await db.raw('DROP FUNCTION collect_search_words()');
    await db.schema.dropTable('search_words');
    await db.raw('DROP INDEX products_tags_idx, products_name_prefix_idx, products_search_document_idx');
    await db.raw('ALTER TABLE products DROP COLUMN search_document');
    // pg_trgm stays: extensions are database-wide and other schemas may use it.
  },
};
