/**
 * The simplest federated read, `product(id) { name price }`, through the gateway (one catalog fetch),
 * and with `BENCH_READ=typename` the gateway alone (`{ __typename }`, no subgraph). Target from the
 * issue: ≤ 1.0 ms CPU per request, all processes together. Dataset: any seeded catalog (`npm run seed`).
 */
import { DatasetMissing, queryOnce, runMeasured } from './harness';
import type { BenchArgs } from './index';

const READ = 'query Product($id: ID!) { product(id: $id) { name price { amountCents currency } } }';
const TYPENAME = '{ __typename }';

export async function run(args: BenchArgs) {
  const { products } = await queryOnce<{ products: { edges: { node: { id: string } }[] } }>(args.gatewayUrl, '{ products(first: 50) { edges { node { id } } } }');
  const ids = products.edges.map((e) => e.node.id);
  if (ids.length === 0) throw new DatasetMissing('read needs a seeded catalog (no products): npm run seed');
  const typename = process.env.BENCH_READ === 'typename';
  let n = 0;
  await runMeasured(args.gatewayUrl, {
    title: `read: ${typename ? '{ __typename }' : 'product(id) { name price }'} through the gateway at ${args.rate}/s for ${args.duration}s`,
    url: args.gatewayUrl,
    rate: args.rate,
    durationSeconds: args.duration,
    nextBody: () => (typename ? { query: TYPENAME } : { query: READ, variables: { id: ids[n++ % ids.length] } }),
  }, { rate: args.rate, p99Ms: 50 });
}
