/**
 * Catalog search through the gateway: realistic terms (typos, synonyms, half-typed words) with
 * random filters, on the seeded catalog. Requests are drawn from a seeded generator so two runs
 * send the same mix.
 */
import { mulberry32 } from '@qc/shared';
import { BrowseProductsDocument, CategoriesDocument, type ProductFilter } from '../../clients/customer-app/__generated__/graphql';
import { ProductCountDocument, type ProductCountQuery } from '../../clients/simulator/__generated__/graphql';
import { operationBody, operationRequest } from '../../clients/persisted';
import { DatasetMissing, queryOnce, runMeasured } from './harness';
import type { BenchArgs } from './index';


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
      body: JSON.stringify(operationRequest(CategoriesDocument, {})),
    });
    const body = (await res.json()) as { data?: { categories?: { id: string }[] } };
    return body.data?.categories?.map((c) => c.id) ?? [];
  } catch {
    return [];
  }
}

/** About half the searches are bare; the rest add a category, tags, a price range, or several. */
export function searchVariables(random: () => number, categories: readonly string[]): { filter: ProductFilter; first: number } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const filter: ProductFilter = { search: pick(SEARCH_TERMS) };
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
  const { products } = await queryOnce<ProductCountQuery>(args.gatewayUrl, operationBody(ProductCountDocument));
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
    // The customer app's shelf with a search and filters: the same document as browsing.
    nextBody: () => operationRequest(BrowseProductsDocument, searchVariables(random, categories)),
  }, { rate: 200, p99Ms: 50 });
}
