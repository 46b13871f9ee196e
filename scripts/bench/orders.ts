/**
 * Order placement through the gateway at a fixed arrival rate, from many seeded customers, with carts
 * of 3–8 items from a store near the delivery location. Prints throughput and latency, what became of
 * the orders, then the two numbers that must be zero: units oversold and events lost.
 *
 * Needs the supergraph up and seeded (`npm start`); reads stores, stock and customers from Postgres to
 * build carts that can be served, and checks stock and the outbox there afterwards.
 * Target from the issue: 100 orders/s for 2 minutes (`--rate 100 --duration 120`) with p99 < 300 ms,
 * 0 oversold, 0 lost events, ≤ 15 ms CPU per placed order all processes together, downstream consumers
 * included (the CPU is counted until the end of the grace period after the last order).
 * Env: BENCH_DECLINE_SHARE (default 0.01) of orders pay with a card that is declined.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { createDb, DEV_JWT_SECRET, mulberry32, subgraphConfig, type Knex, offsetMeters } from '@qc/shared';
import { SimPlaceOrderDocument, StoresDocument } from '../../clients/simulator/__generated__/graphql';
import { operationRequest } from '../../clients/persisted';
import { signDevToken } from '../../gateway/src/auth';
import { benchAgent, DatasetMissing, postJson, printResult, runOpenLoop, Tally } from './harness';
import { formatUsage, stackEnvironment, startCounting } from './stack';
import type { BenchArgs } from './index';

/** The issue's target: 100 orders/s (for 2 minutes: --duration 120) with p99 < 300 ms. */
const TARGET = { rate: 100, p99Ms: 300 };

/** Events left unpublished this long after the last order count as lost. */
const GRACE_MS = 10_000;
const CUSTOMERS = 500;
const MIN_FREE = 20;

interface BenchStore {
  id: string;
  lat: number;
  lng: number;
  radiusMeters: number;
  products: string[];
}

/** A point at most `meters` from (lat, lng), uniform over the disc. */
function pointNear(random: () => number, lat: number, lng: number, meters: number): { lat: number; lng: number } {
  const r = meters * Math.sqrt(random());
  const angle = random() * 2 * Math.PI;
  const point = offsetMeters({ lat, lng }, r * Math.sin(angle), r * Math.cos(angle));
  return { lat: Number(point.lat.toFixed(6)), lng: Number(point.lng.toFixed(6)) };
}

/** Stores open right now, as the API itself says (`Store.isOpen`): a closed store serves nobody. */
async function openStoreIds(gatewayUrl: string, token: string): Promise<Set<string>> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(operationRequest(StoresDocument, {})),
  });
  const json = (await res.json()) as { data?: { stores: { id: string; isOpen: boolean }[] } };
  return new Set((json.data?.stores ?? []).filter((s) => s.isOpen).map((s) => s.id));
}

async function loadStores(availability: Knex, open: Set<string>): Promise<BenchStore[]> {
  const stores = (await availability('stores').select('id', 'lat', 'lng', 'delivery_radius_m')).filter((s) => open.has(s.id));
  const stock: { store_id: string; product_id: string }[] = await availability('stock')
    .whereRaw('on_hand - reserved >= ?', [MIN_FREE])
    .select('store_id', 'product_id');
  const byStore = new Map<string, string[]>();
  for (const row of stock) byStore.set(row.store_id, [...(byStore.get(row.store_id) ?? []), row.product_id]);
  return stores
    .map((s) => ({ id: s.id, lat: Number(s.lat), lng: Number(s.lng), radiusMeters: Number(s.delivery_radius_m), products: byStore.get(s.id) ?? [] }))
    .filter((s) => s.products.length >= 8);
}

async function oversold(availability: Knex): Promise<{ rows: number; units: number }> {
  const [row] = await availability('stock')
    .whereRaw('reserved > on_hand OR on_hand < 0 OR reserved < 0')
    .select(availability.raw('count(*)::int AS rows'), availability.raw('coalesce(sum(greatest(reserved - on_hand, 0) + greatest(-on_hand, 0) + greatest(-reserved, 0)), 0)::int AS units'));
  return { rows: row.rows, units: row.units };
}

async function unpublished(db: Knex, before: Date): Promise<number> {
  if (!(await db.schema.hasTable('outbox'))) return 0;
  const [row] = await db('outbox').whereNull('published_at').andWhere('occurred_at', '<=', before).count<{ n: string }[]>('* as n');
  return Number(row?.n ?? 0);
}

/** Messages on `<prefix>.orders.confirmed` in the deployment's stream, or null when NATS cannot say. */
async function confirmedOnStream(env: NodeJS.ProcessEnv): Promise<number | null> {
  const prefix = env.EVENTS_PREFIX ?? 'qc';
  const subject = `${prefix}.orders.confirmed`;
  try {
    const nc = await connect({ servers: env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'bench-orders' });
    try {
      const info = await (await nc.jetstreamManager()).streams.info(`${prefix.toUpperCase()}_EVENTS`, { subjects_filter: subject });
      return info.state.subjects?.[subject] ?? 0;
    } finally {
      await nc.close();
    }
  } catch {
    return null;
  }
}

export async function run(args: BenchArgs): Promise<void> {
  // The tables and stream of the stack behind the gateway, wherever this bench's own environment points.
  const env = stackEnvironment(args.gatewayUrl);
  const ordersConfig = subgraphConfig('orders', env);
  const availabilityConfig = subgraphConfig('availability', env);
  const ordersDb = createDb({ url: ordersConfig.databaseUrl, schema: ordersConfig.dbSchema, poolMax: 2 });
  const availabilityDb = createDb({ url: availabilityConfig.databaseUrl, schema: availabilityConfig.dbSchema, poolMax: 2 });
  try {
    const customers: string[] = (await ordersDb('customers').orderBy('id').limit(CUSTOMERS).pluck('id')) as string[];
    const secret = process.env.JWT_SECRET ?? DEV_JWT_SECRET;
    const tokens = await Promise.all(customers.map((sub) => signDevToken(secret, { sub, role: 'customer', expiresIn: '2h' })));
    const stores = customers.length ? await loadStores(availabilityDb, await openStoreIds(args.gatewayUrl, tokens[0]!)) : [];
    if (!stores.length || !customers.length) {
      throw new DatasetMissing(`orders needs customers and open stores with stock (found ${customers.length} customers, ${stores.length} such stores): npm run seed (npm start seeds an empty database)`);
    }
    const declineShare = Number(process.env.BENCH_DECLINE_SHARE ?? 0.01);
    const random = mulberry32(4242);
    const runId = randomUUID().slice(0, 8);
    let sent = 0;

    const nextRequest = () => {
      const store = stores[Math.floor(random() * stores.length)]!;
      const lines = 3 + Math.floor(random() * 6);
      const picked = new Set<string>();
      while (picked.size < lines) picked.add(store.products[Math.floor(random() * store.products.length)]!);
      const customer = Math.floor(random() * customers.length);
      sent += 1;
      return {
        token: tokens[customer]!,
        body: JSON.stringify(
          operationRequest(SimPlaceOrderDocument, {
            input: {
              idempotencyKey: `bench-${runId}-${sent}`,
              items: [...picked].map((productId) => ({ productId, quantity: 1 + Math.floor(random() * 2) })),
              deliveryLocation: pointNear(random, store.lat, store.lng, store.radiusMeters * 0.6),
              address: { line1: `Benchstraße ${sent}`, city: 'Berlin', postalCode: '10117' },
              paymentMethod: random() < declineShare ? 'card_declined' : 'card_visa_4242',
            },
          }),
        ),
      };
    };

    const stockBefore = await oversold(availabilityDb);
    const streamBefore = await confirmedOnStream(env);
    const startedAt = new Date();
    const url = new URL(args.gatewayUrl);
    const agent = benchAgent(Math.max(64, Math.ceil(args.rate)));
    const tally = new Tally();
    const classify = (data: unknown) => (data as { placeOrder?: { __typename?: string } }).placeOrder?.__typename ?? 'unknown';
    // Counted from the first order to the end of the grace period: the consumers downstream (fulfillment,
    // delivery, tracking …) work on each order after its answer, and that work is part of its cost.
    const stop = await startCounting(args.gatewayUrl);
    const run = await runOpenLoop({
      rate: args.rate,
      durationSeconds: args.duration,
      send: async (_i, scheduledAt) => {
        const { token, body } = nextRequest();
        try {
          tally.recordAnswer(await postJson(agent, url, body, { authorization: `Bearer ${token}` }, 30_000), performance.now() - scheduledAt, classify);
        } catch (error) {
          tally.recordFailure(error as Error);
        }
      },
    });
    agent.destroy();
    const endedAt = new Date();
    const summary = tally.summarise(
      `orders: placeOrder through the gateway at ${args.rate}/s for ${args.duration}s (${customers.length} customers, ${stores.length} stores, carts of 3–8)`,
      run,
    );
    printResult(summary, { rate: TARGET.rate, p99Ms: TARGET.p99Ms });

    console.log(`\n  waiting ${GRACE_MS / 1000}s for the outbox relays …`);
    await new Promise((r) => setTimeout(r, GRACE_MS));
    const usage = await stop();
    const stockAfter = await oversold(availabilityDb);
    const lostOrders = await unpublished(ordersDb, endedAt);
    const lostAvailability = await unpublished(availabilityDb, endedAt);
    const [confirmedRow] = await ordersDb('order_status_history')
      .where({ to_status: 'CONFIRMED' })
      .andWhere('at', '>=', startedAt)
      .count<{ n: string }[]>('* as n');
    const confirmed = Number(confirmedRow?.n ?? 0);
    const streamAfter = await confirmedOnStream(env);
    const onStream = streamBefore !== null && streamAfter !== null ? streamAfter - streamBefore : null;

    console.log(`  oversold      ${stockAfter.units} units in ${stockAfter.rows} stock rows (reserved > on hand, or negative)${stockBefore.rows ? `; ${stockBefore.rows} rows were already wrong before the run` : ''}  (target 0)`);
    console.log(`  events lost   ${lostOrders + lostAvailability} outbox rows unpublished ${GRACE_MS / 1000}s after the run (orders ${lostOrders}, availability ${lostAvailability})  (target 0)`);
    if (onStream !== null) {
      console.log(`  confirmed     ${confirmed} orders confirmed in the run, ${onStream} orders.confirmed messages reached JetStream${onStream >= confirmed ? '' : `: ${confirmed - onStream} missing`}`);
    }
    console.log(formatUsage(usage, summary.outcomes.OrderPlaced ?? 0, 'placed order'));
    if (stockAfter.units > 0 || lostOrders + lostAvailability > 0 || (onStream !== null && onStream < confirmed)) process.exitCode = 1;
  } finally {
    await Promise.all([ordersDb.destroy(), availabilityDb.destroy()]);
  }
}
