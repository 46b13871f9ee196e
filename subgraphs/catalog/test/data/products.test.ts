import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrate, rollbackAll, type Knex } from '@qc/shared';
import { migrations } from '../../migrations';
import { normalizeSearch, planSearch } from '../../src/domain/product-search';
import { createRepositories, NO_FILTERS, searchStatements, type ProductFilters, type ProductRecord, type ProductSearchQuery } from '../../src/data';

let testDb: TestDb;

const ADJECTIVES = ['Organic', 'Fresh', 'Frozen', 'Smoked', 'Spicy', 'Sweet', 'Classic', 'Mini', 'Family', 'Light', 'Crunchy', 'Creamy', 'Roasted', 'Salted', 'Wholegrain'];
const NOUNS = ['Apple Juice', 'Banana', 'Pizza', 'Chocolate', 'Yogurt', 'Cheddar', 'Bread', 'Pasta', 'Rice', 'Salmon', 'Tofu', 'Hummus', 'Crisps', 'Cola', 'Lemonade', 'Coffee', 'Granola', 'Oat Milk', 'Butter', 'Tomatoes'];
const SIZES = ['250g', '500g', '1kg', '330ml', '1L', '6 pack'];
const ROWS = 3000;

/** A few thousand varied products: enough for the planner to have real statistics. */
function generated(): ProductRecord[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const name = `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${SIZES[Math.floor(i / 300) % SIZES.length]}`;
    return {
      id: `prd_${String(i).padStart(5, '0')}`,
      sku: `GEN-${i}`,
      name,
      description: `${name} from the generator, good with ${NOUNS[(i * 7) % NOUNS.length]}`,
      categoryId: `cat_${i % 10}`,
      priceCents: 50 + ((i * 37) % 2000),
      currency: 'EUR',
      imageUrl: null,
      tags: i % 3 === 0 ? ['organic'] : ['vegan'],
    };
  });
}

beforeAll(async () => {
  testDb = await createTestDb('catalog', migrations);
  const repos = createRepositories(testDb.db);
  await repos.categories.upsertMany(Array.from({ length: 10 }, (_, i) => ({ id: `cat_${i}`, name: `Category ${i}`, slug: `category-${i}` })));
  await repos.products.upsertMany(generated());
  await testDb.db.raw('ANALYZE products');
});

afterAll(async () => {
  await testDb.drop();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** The plan Postgres runs the search statement `statement` with for `query`: `generic` as a prepared statement settles on it. */
async function planOf(trx: Knex.Transaction, statement: { text: string; values: (query: ProductSearchQuery) => unknown[] }, query: ProductSearchQuery, mode: 'generic' | 'custom'): Promise<PlanNode[]> {
  await trx.raw(`SET LOCAL plan_cache_mode = force_${mode}_plan`);
  await trx.raw(`PREPARE explained AS ${statement.text}`);
  // EXECUTE takes no bound parameters: its arguments are written as literals.
  const literal = (value: unknown): string =>
    value === null ? 'NULL' : Array.isArray(value) ? `ARRAY[${value.map(literal).join(', ')}]::text[]` : typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  const result = await trx.raw(`EXPLAIN (FORMAT JSON) EXECUTE explained(${statement.values(query).map(literal).join(', ')})`);
  await trx.raw('DEALLOCATE explained');
  return nodesOf((result.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan);
}

async function searchPlans(text: string, filters: ProductFilters = NO_FILTERS): Promise<PlanNode[][]> {
  return testDb.db.transaction(async (trx) => {
    const repos = createRepositories(trx);
    const terms = normalizeSearch(text)!;
    const { pairs, corrections } = await repos.vocabulary.forSearch(terms.words);
    const query: ProductSearchQuery = { search: planSearch(terms, pairs, corrections), filters, first: 20, after: null };
    // The generic plan (what a prepared statement settles on) as the planner chooses it. At a few thousand
    // rows the planner may rightly find a seq scan cheaper for a custom plan; switching seq scans off
    // there proves every OR branch of the search is indexable (one that is not would force a seq scan anyway).
    const generic = [await planOf(trx, searchStatements.page, query, 'generic'), await planOf(trx, searchStatements.count, query, 'generic')];
    await trx.raw('SET LOCAL enable_seqscan = off');
    return [...generic, await planOf(trx, searchStatements.page, query, 'custom'), await planOf(trx, searchStatements.count, query, 'custom')];
  });
}

describe('product search SQL', () => {
  it.each(['piza', 'soda', 'organic bananna', 'choc'])(
    'when searching "%s" over a few thousand analysed rows, then products are read by ORing the full-text and name-prefix indexes, never a Seq Scan',
    async (text) => {
      for (const plan of await searchPlans(text)) {
        expect(plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'products')).toEqual([]);
        expect(plan.map((n) => n['Node Type'])).toContain('BitmapOr');
        expect(plan.map((n) => n['Index Name'])).toEqual(expect.arrayContaining(['products_search_document_idx', 'products_name_prefix_idx']));
      }
    },
  );

  it.each(['piza', 'choc'])('when "%s" may be the start of a name word, then the name-words index is asked, not every document with the word', async (text) => {
    for (const plan of await searchPlans(text)) {
      expect(plan.map((n) => n['Index Name'])).toContain('products_name_document_idx');
    }
  });

  it('when the search has no words (only symbols), then the name-prefix index alone serves it', async () => {
    for (const plan of await searchPlans('100%')) {
      expect(plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'products')).toEqual([]);
      expect(plan.map((n) => n['Index Name'])).toContain('products_name_prefix_idx');
    }
  });

  it('when a search is combined with filters, then there is still no Seq Scan on products', async () => {
    const filters: ProductFilters = { categoryIds: ['cat_3'], tags: ['vegan'], minPriceCents: 100, maxPriceCents: 900 };
    for (const plan of await searchPlans('piza', filters)) {
      expect(plan.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'products')).toEqual([]);
    }
  });

  it('when a search has run more than five times on a connection, then Postgres runs the generic plans of its statements and plans them no more', async () => {
    await testDb.db.transaction(async (trx) => {
      const repos = createRepositories(trx);
      for (const text of ['piza', 'organic bananna', 'choc', 'tofu', 'the', 'apple juice', 'cola', '100%']) {
        const terms = normalizeSearch(text)!;
        const { pairs, corrections } = await repos.vocabulary.forSearch(terms.words);
        await repos.products.search({ search: planSearch(terms, pairs, corrections), filters: NO_FILTERS, first: 20, after: null });
      }
      const { rows } = await trx.raw(
        `SELECT name, generic_plans > 0 AS generic, custom_plans <= 5 AS planned_five_times_at_most FROM pg_prepared_statements
         WHERE name IN ('catalog_search_page', 'catalog_search_vocabulary') ORDER BY name`,
      );
      expect(rows).toEqual([
        { name: 'catalog_search_page', generic: true, planned_five_times_at_most: true },
        { name: 'catalog_search_vocabulary', generic: true, planned_five_times_at_most: true },
      ]);
    });
  });

  it('when the search runs, then the generated rows are found and counted consistently', async () => {
    const repos = createRepositories(testDb.db);
    const terms = normalizeSearch('piza')!;
    const search = planSearch(terms, [], await repos.searchWords.correctionsFor(terms.words));
    expect(search.typoQuery).toContain('pizza');
    const { rows, totalCount } = await repos.products.search({ search, filters: NO_FILTERS, first: 5, after: null });
    // Corrections come from name words and match name words only, never descriptions.
    expect(totalCount).toBe(generated().filter((p) => p.name.includes('Pizza')).length);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.name.includes('Pizza') && r.tier === 3)).toBe(true);
    // Each hit carries its category, read by the same query.
    for (const row of rows) expect(row.category).toEqual({ id: row.categoryId, name: `Category ${row.categoryId.slice(4)}`, slug: `category-${row.categoryId.slice(4)}` });
  });
});

describe('product search migration', () => {
  it('when rolled back and applied again, then the search column, indexes and synonyms come back', async () => {
    const other = await createTestDb('catalog', migrations);
    try {
      await rollbackAll(other.db, other.schema, migrations);
      expect(await other.db.schema.hasTable('synonyms')).toBe(false);
      await migrate(other.db, other.schema, migrations);
      expect(await other.db.schema.hasColumn('products', 'search_document')).toBe(true);
      const pairs = await other.db('synonyms').select('term', 'alias').where({ term: 'kebab', alias: 'kabob' });
      expect(pairs).toEqual([{ term: 'kebab', alias: 'kabob' }]);
    } finally {
      await other.drop();
    }
  });

  it('when a synonym is not normalized or points at itself, then the table refuses it', async () => {
    const synonyms = createRepositories(testDb.db).synonyms;
    await expect(synonyms.insertMany([{ term: 'Soda', alias: 'pop' }])).rejects.toThrow(/synonyms_term_normalized/);
    await expect(synonyms.insertMany([{ term: 'soda', alias: 'soft-drink' }])).rejects.toThrow(/synonyms_alias_normalized/);
    await expect(synonyms.insertMany([{ term: 'soda', alias: 'soda' }])).rejects.toThrow(/synonyms_distinct/);
  });
});
