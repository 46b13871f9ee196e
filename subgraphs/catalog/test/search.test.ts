import { createTestDeps, postGraphQL, startTestSubgraph, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { encodeCursor } from '@qc/shared';
import { migrations } from '../migrations';
import { createRepositories, type ProductRecord } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;

const product = (id: string, name: string, categoryId: string, priceCents: number, tags: string[] = [], description = ''): ProductRecord => ({
  id,
  sku: `SKU-${id}`,
  name,
  description,
  categoryId,
  priceCents,
  currency: 'EUR',
  imageUrl: null,
  tags,
});

const CATALOG: ProductRecord[] = [
  product('prd_banana', 'Banana', 'cat_fruit', 25, ['fresh']),
  product('prd_bananas', 'Bananas', 'cat_fruit', 129, ['fresh'], 'A bunch of five ripe bananas'),
  product('prd_org_bananas', 'Organic Bananas', 'cat_fruit', 199, ['fresh', 'organic']),
  product('prd_banana_bread', 'Banana Bread', 'cat_bakery', 349, ['vegan']),
  product('prd_split', 'Bananna Split Ice Cream', 'cat_frozen', 459),
  product('prd_smoothie', 'Tropical Smoothie', 'cat_drinks', 299, ['vegan'], 'Mango, pineapple and banana, blended'),
  product('prd_pizza', 'Pizza Margherita', 'cat_frozen', 399, ['vegetarian']),
  product('prd_frozen_pizza', 'Frozen Pizza Quattro Formaggi', 'cat_frozen', 449, ['vegetarian']),
  product('prd_pita', 'Pita Bread', 'cat_bakery', 149, ['vegan']),
  product('prd_dark_choc', 'Dark Chocolate 70%', 'cat_sweets', 229, ['vegan']),
  product('prd_choc_milk', 'Chocolate Milk', 'cat_drinks', 139),
  product('prd_cola', 'Cola Soft Drink', 'cat_drinks', 119),
  product('prd_lemon', 'Lemon Soda', 'cat_drinks', 109, ['vegan']),
  product('prd_kebab', 'Chicken Kebab', 'cat_frozen', 599),
  product('prd_aubergine', 'Aubergine Dip', 'cat_deli', 279, ['vegan']),
  product('prd_zucchini', 'Zucchini Noodles', 'cat_deli', 319, ['vegan', 'organic']),
  product('prd_popcorn', 'Popcorn', 'cat_snacks', 189),
  product('prd_discount', '100% Juice', 'cat_drinks', 99),
  // Five products that tie on (tier, score, name): only the id orders them.
  ...[1, 2, 3, 4, 5].map((i) => product(`prd_juice_${i}`, 'Apple Juice', 'cat_drinks', 150 + i)),
  ...Array.from({ length: 12 }, (_, i) => product(`prd_jam_${String(i).padStart(2, '0')}`, `Apple Jam No ${i % 4}`, 'cat_deli', 200 + i)),
];

beforeAll(async () => {
  deps = await createTestDeps('catalog', migrations);
  const repos = createRepositories(deps.db);
  const categories = ['fruit', 'bakery', 'frozen', 'drinks', 'sweets', 'deli', 'snacks'];
  await repos.categories.upsertMany(categories.map((slug) => ({ id: `cat_${slug}`, name: slug[0]!.toUpperCase() + slug.slice(1), slug })));
  await repos.products.upsertMany(CATALOG);
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

const QUERY = `query($filter: ProductFilter, $first: Int, $after: String, $categoryId: ID) {
  products(filter: $filter, first: $first, after: $after, categoryId: $categoryId) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string; name: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function products(variables: Record<string, unknown>): Promise<Page> {
  const res = await postGraphQL<{ products: Page }>(url, QUERY, { first: 100, ...variables });
  expect(res.errors).toBeUndefined();
  return res.data!.products;
}

const names = (page: Page) => page.edges.map((e) => e.node.name);
const ids = (page: Page) => page.edges.map((e) => e.node.id);
const search = (text: string, filter: Record<string, unknown> = {}) => products({ filter: { search: text, ...filter } });

async function errorCode(variables: Record<string, unknown>): Promise<{ status: number; code: unknown; message: string | undefined }> {
  const res = await postGraphQL(url, QUERY, variables);
  return { status: res.status, code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message };
}

describe('products search', () => {
  it('when the search has a typo ("piza", "bananna", "choclate"), then the intended products are found', async () => {
    expect(names(await search('piza'))).toEqual(expect.arrayContaining(['Pizza Margherita', 'Frozen Pizza Quattro Formaggi']));
    expect(names(await search('piza'))).not.toContain('Pita Bread');
    expect(names(await search('bananna'))).toEqual(expect.arrayContaining(['Banana', 'Bananas', 'Organic Bananas', 'Banana Bread']));
    expect(names(await search('choclate'))).toEqual(expect.arrayContaining(['Dark Chocolate 70%', 'Chocolate Milk']));
  });

  it('when a multi-word search has a typo in one word, then every word must still match', async () => {
    expect(names(await search('organic bananna'))).toEqual(['Organic Bananas']);
  });

  it('when a short prefix is common in descriptions ("veg"), then it still finds name words only, and whole words anywhere', async () => {
    // "vegan" is a tag here, not a name word; "veg" as typed is a whole word of no description either.
    expect(names(await search('veg'))).toEqual([]);
    // A whole typed word matches descriptions too ("banana" in the smoothie's), a prefix only names.
    expect(names(await search('mango'))).toEqual(['Tropical Smoothie']);
    expect(names(await search('mang'))).toEqual([]);
    expect(names(await search('tropi'))).toEqual(['Tropical Smoothie']);
  });

  it('when the search holds stop words, then they are ignored beside other words, and alone they find only names starting with them', async () => {
    expect(names(await search('the zucchini'))).toEqual(['Zucchini Noodles']);
    expect(names(await search('the'))).toEqual([]);
    expect((await search('the')).totalCount).toBe(0);
  });

  it('when the search is an alias, then products named with the term are found, and the other way round', async () => {
    expect(names(await search('soda'))).toEqual(expect.arrayContaining(['Cola Soft Drink', 'Lemon Soda']));
    expect(names(await search('soft drink'))).toEqual(expect.arrayContaining(['Cola Soft Drink', 'Lemon Soda']));
    expect(names(await search('eggplant'))).toEqual(['Aubergine Dip']);
    expect(names(await search('courgette'))).toEqual(['Zucchini Noodles']);
    expect(names(await search('kabob'))).toEqual(['Chicken Kebab']);
  });

  it('when the search is a sibling alias of the same term, then it finds the other aliases too', async () => {
    // "pop" and "soda" are both aliases of "soft drink"; "pop" also prefixes Popcorn.
    expect(names(await search('pop'))).toEqual(['Popcorn', 'Cola Soft Drink', 'Lemon Soda']);
  });

  it('when results are ranked, then exact name < name prefix < name words < typo < description only', async () => {
    expect(names(await search('banana'))).toEqual([
      'Banana', // exact
      'Bananas', // prefix, closest to the text
      'Banana Bread', // prefix
      'Organic Bananas', // a name word (stemmed)
      'Bananna Split Ice Cream', // a typo of a name word
      'Tropical Smoothie', // description only
    ]);
  });

  it('when the search holds LIKE wildcards or tsquery syntax, then they are literal and nothing breaks', async () => {
    expect(names(await search('100%'))).toEqual(['100% Juice']);
    expect(names(await search('%'))).toEqual([]);
    for (const text of ['_', "') OR 1=1 --", 'a & | ! ( ) : * <-> b', '\\', '🍕🍕', '&']) {
      const page = await search(text);
      expect(page.totalCount).toBe(page.edges.length);
    }
  });

  it('when the search holds control characters, then it is refused as BAD_USER_INPUT naming the argument', async () => {
    const res = await postGraphQL<{ products: Page }>(url, QUERY, { first: 100, filter: { search: '\u0000piza\u0007' } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.search' });
  });
});

describe('products filters', () => {
  it('when filtering by category, tags or price alone, then only matching products come back, by name', async () => {
    expect(names(await products({ filter: { categoryIds: ['cat_bakery'] } }))).toEqual(['Banana Bread', 'Pita Bread']);
    expect(names(await products({ filter: { tags: ['organic', 'vegan'] } }))).toEqual(['Zucchini Noodles']);
    expect(names(await products({ filter: { minPriceCents: 450, maxPriceCents: 600 } }))).toEqual(['Bananna Split Ice Cream', 'Chicken Kebab']);
  });

  it('when filters are combined with a search, then both must hold and the ranking is kept', async () => {
    expect(names(await search('banana', { categoryIds: ['cat_fruit'] }))).toEqual(['Banana', 'Bananas', 'Organic Bananas']);
    expect(names(await search('banana', { maxPriceCents: 200, tags: ['fresh'] }))).toEqual(['Banana', 'Bananas', 'Organic Bananas']);
    expect(names(await search('banana', { tags: ['vegan'] }))).toEqual(['Banana Bread', 'Tropical Smoothie']);
    const page = await search('piza', { categoryIds: ['cat_bakery'] });
    expect(page).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('when the deprecated categoryId is used, then it still filters, alone or with filter.categoryIds', async () => {
    expect(names(await products({ categoryId: 'cat_bakery' }))).toEqual(['Banana Bread', 'Pita Bread']);
    expect(names(await products({ categoryId: 'cat_bakery', filter: { categoryIds: ['cat_fruit', 'cat_bakery'], search: 'banana' } }))).toEqual(['Banana Bread']);
  });
});

describe('products paging', () => {
  async function pageThrough(variables: Record<string, unknown>, first: number): Promise<{ ids: string[]; totals: Set<number> }> {
    const seen: string[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let i = 0; i < 50; i += 1) {
      const page: Page = await products({ ...variables, first, after });
      seen.push(...ids(page));
      totals.add(page.totalCount);
      if (!page.pageInfo.hasNextPage) return { ids: seen, totals };
      after = page.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  it('when paging through ranked search results, then the pages join into the single-page ranking without duplicates or gaps', async () => {
    for (const text of ['apple', 'aple juice', 'banana']) {
      const all = await search(text);
      expect(all.edges.length).toBeGreaterThan(3);
      const paged = await pageThrough({ filter: { search: text } }, 3);
      expect(paged.ids).toEqual(ids(all));
      expect(new Set(paged.ids).size).toBe(paged.ids.length);
      expect([...paged.totals]).toEqual([all.totalCount]);
    }
  });

  it('when the cursor points past the last hit, then the page is empty and totalCount still counts every hit', async () => {
    const all = await search('apple');
    const last = all.edges.at(-1)!.cursor;
    const beyond = await products({ filter: { search: 'apple' }, after: last });
    expect(beyond).toMatchObject({ totalCount: all.totalCount, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('when products tie on tier, score and name, then the id decides, so the order is stable', async () => {
    const page = await search('apple juice');
    expect(ids(page).slice(0, 5)).toEqual(['prd_juice_1', 'prd_juice_2', 'prd_juice_3', 'prd_juice_4', 'prd_juice_5']);
  });

  it('when paging through filtered browsing, then pages join up too', async () => {
    const all = await products({ filter: { categoryIds: ['cat_deli', 'cat_drinks'] } });
    expect((await pageThrough({ filter: { categoryIds: ['cat_deli', 'cat_drinks'] } }, 4)).ids).toEqual(ids(all));
  });
});

describe('products bad input', () => {
  const badInput = { status: 200, code: 'BAD_USER_INPUT' };

  it('when first is negative or above 100, then BAD_USER_INPUT', async () => {
    expect(await errorCode({ first: -1 })).toMatchObject(badInput);
    expect(await errorCode({ first: 101 })).toMatchObject({ ...badInput, message: 'first must be at most 100' });
    expect(await errorCode({ first: 101, filter: { search: 'piza' } })).toMatchObject(badInput);
  });

  it('when the cursor is malformed or from the other mode, then BAD_USER_INPUT', async () => {
    expect(await errorCode({ after: '%%%not-base64', filter: { search: 'apple' } })).toMatchObject(badInput);
    expect(await errorCode({ after: encodeCursor({ tier: 1.5, score: 2, name: 'x', id: 'y' }), filter: { search: 'apple' } })).toMatchObject(badInput);
    const browse = await products({ first: 1 });
    expect(await errorCode({ after: browse.pageInfo.endCursor, filter: { search: 'apple' } })).toMatchObject(badInput);
    const searched = await products({ first: 1, filter: { search: 'apple' } });
    expect(await errorCode({ after: searched.pageInfo.endCursor })).toMatchObject(badInput);
  });

  it('when the price range is inverted or negative, then BAD_USER_INPUT with a clear message', async () => {
    expect(await errorCode({ filter: { minPriceCents: 500, maxPriceCents: 100 } })).toMatchObject({
      ...badInput,
      message: 'filter.minPriceCents must not be greater than filter.maxPriceCents',
    });
    expect(await errorCode({ filter: { minPriceCents: -1 } })).toMatchObject(badInput);
  });

  it('when the search is longer than 100 characters, then BAD_USER_INPUT before any query runs', async () => {
    expect(await errorCode({ filter: { search: 'piza '.repeat(21) } })).toMatchObject({
      ...badInput,
      message: 'filter.search must be at most 100 characters',
    });
  });
});
