/**
 * Catalog browsing through the gateway: pages of products with their category. Dataset: any seeded
 * catalog (`npm start` seeds an empty database; `npm run seed` otherwise).
 */
import { DatasetMissing, queryOnce, runMeasured } from './harness';
import type { BenchArgs } from './index';

const QUERY = `query Browse($first: Int) { products(first: $first) { totalCount edges { cursor node { id name price { amountCents } category { name } } } } }`;

export async function run(args: BenchArgs) {
  const { products } = await queryOnce<{ products: { totalCount: number } }>(args.gatewayUrl, '{ products(first: 1) { totalCount } }');
  if (products.totalCount < 20) throw new DatasetMissing(`browse needs a seeded catalog (found ${products.totalCount} products): npm run seed`);
  await runMeasured(args.gatewayUrl, {
    title: `browse: products(first: 20) through the gateway at ${args.rate}/s for ${args.duration}s`,
    url: args.gatewayUrl,
    rate: args.rate,
    durationSeconds: args.duration,
    nextBody: () => ({ query: QUERY, variables: { first: 20 } }),
  }, { rate: args.rate, p99Ms: 200 });
}
