/**
 * Catalog search through the gateway: realistic terms (typos, synonyms, half-typed words) with
 * random filters, on the seeded catalog. Requests are drawn from a seeded generator so two runs
 * send the same mix.
 */
import { mulberry32 } from '@qc/shared';
import { DatasetMissing, queryOnce, runMeasured } from './harness';
import type { BenchArgs } from './index';

const QUERY = `query Search($filter: ProductFilter, $first: Int) {
  products(filter: $filter, first: $first) {
    totalCount
    edges { cursor node { id name price { amountCents currency } category { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** What customers type: plain words, typos, synonyms both ways, and words still being typed. */
export const SEARCH_TERMS = [
  'bananas', 'bananna', 'apples', 'aples', 'strawberies', 'avocado', 'tomatos', 'brocoli', 'cucumber', 'spinach',
  'milk', 'oat milk', 'oat mlk', 'yoghurt', 'yogurt', 'butter', 'eggs', 'mozarella', 'cheddar', 'parmesan',
  'bread', 'sourdough', 'croisant', 'piza', 'pizza', 'pasta', 'spagetti', 'rice', 'hummus', 'pesto',
  'choclate', 'chocolate', 'chips', 'crisps', 'cookies', 'ice cream', 'soda', 'soft drink', 'pop', 'sparkling water',
  'cofee', 'coffee', 'tea', 'kebab', 'kabob', 'doner', 'aubergine', 'eggplant', 'courgette', 'zucchini',
  'cilantro', 'toilet paper', 'diapers', 'dish soap', 'cat food', 'tofu', 'veg', 'choc', 'org',
];

const TAGS = ['vegan', 'vegetarian', 'organic', 'gluten-free', 'lactose-free', 'high-protein', 'regional', 'fair-trade'];

/** Category ids come from the running graph, so the bench follows whatever the seed created. */
async function categoryIds(gatewayUrl: string): Promise<string[]> {
  try {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ categories { id } }' }),
    });
    const body = (await res.json()) as { data?: { categories?: { id: string }[] } };
    return body.data?.categories?.map((c) => c.id) ?? [];
  } catch {
    return [];
  }
}

/** About half the searches are bare; the rest add a category, tags, a price range, or several. */
export function searchVariables(random: () => number, categories: readonly string[]): { filter: Record<string, unknown>; first: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const filter: Record<string, unknown> = { search: pick(SEARCH_TERMS) };
  if (categories.length > 0 && random() < 0.25) filter.categoryIds = [pick(categories)];
  if (random() < 0.2) filter.tags = [pick(TAGS)];
  if (random() < 0.2) {
    const min = pick([0, 100, 200, 300]);
    filter.minPriceCents = min;
    filter.maxPriceCents = min + pick([200, 500, 1000]);
  }
  return { filter, first: pick([10, 20, 20, 50]) };
}

export async function run(args: BenchArgs) {
  const { products } = await queryOnce<{ products: { totalCount: number } }>(args.gatewayUrl, '{ products(first: 1) { totalCount } }');
  const categories = await categoryIds(args.gatewayUrl);
  if (products.totalCount < 100 || categories.length === 0) {
    throw new DatasetMissing(`search needs the seeded catalog (found ${products.totalCount} products, ${categories.length} categories): npm run seed`);
  }
  const random = mulberry32(20261123);
  await runMeasured(args.gatewayUrl, {
    title: `search: products(filter: { search, … }) with ${SEARCH_TERMS.length} terms through the gateway at ${args.rate}/s for ${args.duration}s`,
    url: args.gatewayUrl,
    rate: args.rate,
    durationSeconds: args.duration,
    nextBody: () => ({ query: QUERY, variables: searchVariables(random, categories) }),
  }, { rate: 200, p99Ms: 50 });
}
