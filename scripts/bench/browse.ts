/**
 * Catalog browsing through the gateway: pages of products with their category. Dataset: any seeded
 * catalog (`npm start` seeds an empty database; `npm run seed` otherwise).
 */
import { BrowseProductsDocument } from '../../clients/customer-app/__generated__/graphql';
import { ProductCountDocument, type ProductCountQuery } from '../../clients/simulator/__generated__/graphql';
import { operationBody, operationRequest } from '../../clients/persisted';
import { DatasetMissing, queryOnce, runMeasured } from './harness';
import type { BenchArgs } from './index';

/** The customer app's shelf, as it sends it. */
const BODY = operationRequest(BrowseProductsDocument, { first: 20 });

export async function run(args: BenchArgs) {
  const { products } = await queryOnce<ProductCountQuery>(args.gatewayUrl, operationBody(ProductCountDocument));
  if (products.totalCount < 20) throw new DatasetMissing(`browse needs a seeded catalog (found ${products.totalCount} products): npm run seed`);
  await runMeasured(args.gatewayUrl, {
    title: `browse: products(first: 20) through the gateway at ${args.rate}/s for ${args.duration}s`,
    url: args.gatewayUrl,
    rate: args.rate,
    durationSeconds: args.duration,
    nextBody: () => BODY,
  }, { rate: args.rate, p99Ms: 200 });
}
