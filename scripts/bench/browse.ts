/** Catalog browsing through the gateway: pages of products with category and stock per store. */
import { runFixedRate, printResult } from './harness';
import type { BenchArgs } from './index';

const QUERY = `query Browse($first: Int) { products(first: $first) { totalCount edges { cursor node { id name price { amountCents } category { name } } } } }`;

export async function run(args: BenchArgs) {
  const result = await runFixedRate({
    title: `browse: products(first: 20) through the gateway at ${args.rate}/s for ${args.duration}s`,
    url: args.gatewayUrl,
    rate: args.rate,
    durationSeconds: args.duration,
    nextBody: () => ({ query: QUERY, variables: { first: 20 } }),
  });
  printResult(result, { rate: args.rate, p99Ms: 200 });
}
