import { createTestDb, type TestDb } from '@qc/shared/testing';
import { migrations } from '../../migrations';
import { normalizeSearch, planSearch } from '../../src/domain/product-search';
import { createRepositories, NO_FILTERS, type ProductFilters, type ProductRecord, type ProductSearchKey, type ProductSearchQuery } from '../../src/data';
import { generateCatalog } from '../../../../scripts/seed/catalog';
import { Random } from '../../../../scripts/seed/random';
import { toRankedRecord, type RankedProductRow } from '../../src/data/products';
import { buildMatchClauses, referenceCountQuery, referenceQuery } from './search-reference';

/**
 * The prepared search statement against the query it replaced (`search-reference.ts`): the same rows
 * in the same order with the same tier, score and total, over the seed's catalog, many terms, filters
 * and pages, and hostile text.
 */
let testDb: TestDb;
let products: ProductRecord[];

/** Names that probe the prefix range and LIKE escaping, beside the seed's catalog. */
const ODD_NAMES = ['100% Juice', '100 Juices', '50_50 Mix', 'Back\\slash Bar', 'Ünïcode Crème', '\u{10FFFF}Edge', '\u{10FFFF}', 'Zzz', '\u{D7FF}x', '\u{E000}y', 'The The'];

beforeAll(async () => {
  testDb = await createTestDb('catalog', migrations);
  const repos = createRepositories(testDb.db);
  const catalog = generateCatalog(new Random().fork('catalog'), 2_400);
  const odd = ODD_NAMES.map((name, i): ProductRecord => ({ ...catalog.products[i]!, id: `prd_odd_${i}`, sku: `ODD-${i}`, name }));
  products = [...catalog.products, ...odd];
  await repos.categories.upsertMany(catalog.categories);
  await repos.products.upsertMany(products);
  await testDb.db.raw('ANALYZE products');
});

afterAll(async () => {
  await testDb.drop();
});

/** Words and beginnings of words of the catalog's names, one- and two-word phrases, typos and synonyms. */
function terms(): string[] {
  const names = products.filter((_, i) => i % 97 === 0).map((p) => p.name.toLowerCase());
  const fromNames = names.flatMap((name) => {
    const words = name.split(/\s+/);
    return [name, words[0]!, words[0]!.slice(0, 3), words.slice(0, 2).join(' '), `${words[0]} ${words[1]?.slice(0, 2) ?? ''}`, words.at(-1)!];
  });
  const typed = ['bananas', 'bananna', 'aples', 'strawberies', 'tomatos', 'oat mlk', 'yoghurt', 'yogurt', 'mozarella', 'croisant', 'piza', 'spagetti', 'choclate', 'cofee'];
  const synonyms = ['soda', 'soft drink', 'pop', 'sparkling water', 'kabob', 'doner', 'döner', 'eggplant', 'zucchini', 'cilantro', 'toilet paper', 'diapers', 'dish soap', 'chips', 'crisps', 'diet soda 6 pack'];
  const short = ['veg', 'choc', 'org', 'a', 'b', 'z', 'zz', '1', '10', '100', 'the', 'the zucchini', 'organic the', 'the the', 'and or not', 'oat the'];
  return [...new Set([...fromNames, ...typed, ...synonyms, ...short])];
}

const HOSTILE = [
  '%', '_', '\\', '100%', '50_50', 'back\\', "') OR 1=1 --", 'a & | ! ( ) : * <-> b', '!milk', 'milk:*A', 'milk:B', "'milk'",
  'a\u0000b', '\u0000', 'pi\u0007za', '\u{10FFFF}', '\u{10FFFF}\u{10FFFF}', '\u{10FFFF}e', '\u{D7FF}', '\u{E000}', '\ud800', 'x\udfff', '🍕🍕',
  'ÜNÏCODE', 'ﬁsh', 'Ⅷ', 'x²', 'piza '.repeat(2_000), 'a'.repeat(5_000), `${'veg '.repeat(30)}choc`, 'banana\tsplit\n',
];

const FILTERS: [string, ProductFilters][] = [
  ['no filter', NO_FILTERS],
  ['a category', { ...NO_FILTERS, categoryIds: ['cat_fruit', 'cat_bakery'] }],
  ['no category at all', { ...NO_FILTERS, categoryIds: [] }],
  ['tags', { ...NO_FILTERS, tags: ['vegan'] }],
  ['two tags and a price range', { categoryIds: null, tags: ['vegan', 'organic'], minPriceCents: 100, maxPriceCents: 900 }],
  ['a minimum price only', { ...NO_FILTERS, minPriceCents: 300 }],
];

interface Outcome {
  rows: unknown[];
  totalCount: number;
}

/** What the old query answered for `query`, shaped as `ProductRepository.search` answers. */
async function reference(query: ProductSearchQuery, clauses: ReturnType<typeof buildMatchClauses>): Promise<Outcome> {
  const rows = (await referenceQuery(testDb.db, query, clauses)) as RankedProductRow[];
  const totalCount = rows[0] ? Number(rows[0].total) : query.after ? Number(((await referenceCountQuery(testDb.db, query, clauses)) as { count: string }[])[0]!.count) : 0;
  return {
    rows: rows.map(toRankedRecord),
    totalCount,
  };
}

/** Either side's answer, or the Postgres error code it failed with. */
const settle = async (answer: Promise<Outcome>): Promise<Outcome | { error: unknown }> => answer.catch((error: { code?: string; message?: string }) => ({ error: error.code ?? error.message }));

const keyOf = (row: unknown): ProductSearchKey => {
  const { tier, score, name, id } = row as ProductSearchKey;
  return { tier, score, name, id };
};

/** Compares page after page (`first` rows each) of `text` under `filters`; returns how many hits the pages held. */
async function compare(text: string, filters: ProductFilters, first: number, pages: number): Promise<number> {
  const repos = createRepositories(testDb.db);
  const terms = normalizeSearch(text);
  if (!terms) return 0;
  const { pairs, corrections } = await repos.vocabulary.forSearch(terms.words);
  const search = planSearch(terms, pairs, corrections);
  const byWord = new Map<string, string[]>();
  for (const { typed, word } of corrections) if (terms.words.includes(typed)) byWord.set(typed, [...(byWord.get(typed) ?? []), word]);
  const clauses = buildMatchClauses(terms.words, search.synonyms, byWord);
  let after: ProductSearchKey | null = null;
  let pastTheEnd = false;
  let hits = 0;
  for (let page = 1; page <= pages; page += 1) {
    const query: ProductSearchQuery = { search, filters, first, after };
    const [expected, actual] = await Promise.all([settle(reference(query, clauses)), settle(repos.products.search(query))]);
    expect({ text, filters, after, answer: actual }).toEqual({ text, filters, after, answer: expected });
    if (!('rows' in expected) || expected.rows.length === 0 || pastTheEnd) break;
    hits += Math.min(first, expected.rows.length);
    // Another page, or once the page past the last hit, where the total is counted on its own.
    pastTheEnd = expected.rows.length <= first;
    after = keyOf(expected.rows[Math.min(first, expected.rows.length) - 1]);
  }
  return hits;
}

describe('the prepared search statement', () => {
  it.each(FILTERS)('when searching many terms with %s, then every page equals the old query\'s, row for row', async (_, filters) => {
    let hits = 0;
    for (const text of terms()) hits += await compare(text, filters, 20, 3);
    // The comparison means something: most filters leave many hits; an empty category list none.
    expect(hits > terms().length).toBe(filters.categoryIds?.length !== 0);
  }, 120_000);

  it('when paging one row at a time, then every page equals the old query\'s', async () => {
    for (const text of ['banana', 'milk', 'oat m', 'soda', 'piza', 'choc']) await compare(text, NO_FILTERS, 1, 8);
  });

  it.each(FILTERS)('when the text is hostile (wildcards, tsquery syntax, NUL, lone surrogates, U+10FFFF, huge) with %s, then both queries agree', async (_, filters) => {
    for (const text of HOSTILE) await compare(text, filters, 20, 2);
  }, 120_000);

  it('when the text is made of U+10FFFF only, whose prefix range has no upper bound, then names starting with it are still found', async () => {
    expect(await compare('\u{10FFFF}', NO_FILTERS, 20, 1)).toBe(2);
  });

  it('when the cursor is forged (wildcards, NUL, an impossible tier), then both queries agree, failing alike', async () => {
    const repos = createRepositories(testDb.db);
    const terms = normalizeSearch('apple')!;
    const { pairs, corrections } = await repos.vocabulary.forSearch(terms.words);
    const search = planSearch(terms, pairs, corrections);
    const clauses = buildMatchClauses(terms.words, search.synonyms, new Map());
    const cursors: ProductSearchKey[] = [
      { tier: 1, score: 500, name: '%', id: '_' },
      { tier: 2, score: 0, name: 'a\u0000b', id: 'x' },
      { tier: 4, score: 1000, name: '\u{10FFFF}', id: '' },
      { tier: 9, score: -5, name: '', id: '' },
    ];
    for (const after of cursors) {
      const query: ProductSearchQuery = { search, filters: NO_FILTERS, first: 5, after };
      expect(await settle(repos.products.search(query))).toEqual(await settle(reference(query, clauses)));
    }
  });
});
