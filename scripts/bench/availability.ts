/**
 * Availability by location through the gateway: customers opening the app at varied points around
 * Berlin, each asking for 5–20 products. Dataset: `npm run seed -- --stores 1000 --products 5000`
 * (product ids `prd_00001` … `prd_05000`). Target from the design documents: p99 < 20 ms at 300/s.
 */
import { createDb, subgraphConfig } from '@qc/shared';
import { ProductGridAvailabilityDocument } from '../../clients/customer-app/__generated__/graphql';
import { operationRequest } from '../../clients/persisted';
import { DatasetMissing, runMeasured } from './harness';
import { stackEnvironment } from './stack';
import type { BenchArgs } from './index';

const CENTRE = { lat: 52.52, lng: 13.405 };
/** How far from the centre a customer may be, in degrees either way. */
const SPREAD = 0.1;
/** The bench dataset's catalog size; ids are numbered from 1. */
const PRODUCTS = 5000;

const between = (min: number, max: number) => min + Math.random() * (max - min);

/** 5–20 distinct product ids, as one screen of the app would show. */
function productIds(): string[] {
  const count = 5 + Math.floor(Math.random() * 16);
  const ids = new Set<string>();
  while (ids.size < count) ids.add(`prd_${String(1 + Math.floor(Math.random() * PRODUCTS)).padStart(5, '0')}`);
  return [...ids];
}

/** The seed the target is stated on: at least 1,000 stores and products up to `prd_05000`, read in Postgres. */
async function checkDataset(env: NodeJS.ProcessEnv): Promise<void> {
  const availability = subgraphConfig('availability', env);
  const catalog = subgraphConfig('catalog', env);
  const availabilityDb = createDb({ url: availability.databaseUrl, schema: availability.dbSchema, poolMax: 1 });
  const catalogDb = createDb({ url: catalog.databaseUrl, schema: catalog.dbSchema, poolMax: 1 });
  try {
    const [stores] = await availabilityDb('stores').count<{ n: string }[]>('* as n');
    const last = await catalogDb('products').where({ id: `prd_${String(PRODUCTS).padStart(5, '0')}` }).first('id');
    if (Number(stores?.n ?? 0) < 1000 || !last) {
      throw new DatasetMissing(
        `availability needs the 1,000-store × 5,000-product seed (found ${stores?.n ?? 0} stores${last ? '' : `, no prd_${PRODUCTS}`}): npm run seed -- --stores 1000 --products 5000`,
      );
    }
  } finally {
    await Promise.all([availabilityDb.destroy(), catalogDb.destroy()]);
  }
}

export async function run(args: BenchArgs) {
  // The dataset of the stack behind the gateway, wherever this bench's own environment points.
  await checkDataset(stackEnvironment(args.gatewayUrl));
  await runMeasured(args.gatewayUrl, {
    title: `availability: 5–20 products at a point within ±${SPREAD}° of Berlin, through the gateway at ${args.rate}/s for ${args.duration}s`,
    url: args.gatewayUrl,
    rate: args.rate,
    durationSeconds: args.duration,
    // What the customer app's product grid asks per tile; the per-store breakdown is for staff screens.
    nextBody: () =>
      operationRequest(ProductGridAvailabilityDocument, {
        location: { lat: between(CENTRE.lat - SPREAD, CENTRE.lat + SPREAD), lng: between(CENTRE.lng - SPREAD, CENTRE.lng + SPREAD) },
        productIds: productIds(),
      }),
  }, { rate: 300, p99Ms: 20 });
}
