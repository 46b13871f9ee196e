/**
 * Customers: find out which stores deliver and what they stock (through the public API, as the app
 * does), then place orders at a fixed rate — carts of 1–6 products near an open store.
 */
import { ProductCountDocument, SimPlaceOrderDocument, StockAroundDocument, StoresDocument } from '../../clients/simulator/__generated__/graphql';
import { DEFAULT_CITY_OPTIONS } from '../seed/city';
import { distanceMeters, randomPointWithin, roundCoord } from '../seed/geo';
import { PLACES, STREETS } from '../seed/places';
import type { Random } from '../seed/random';
import { GraphQLRequestError, isRetryable, sleep } from './client';
import type { CartLine, SimContext, SimOrder } from './ledger';
import type { Point } from './movement';

export interface SimStore {
  id: string;
  name: string;
  location: Point;
  radiusMeters: number;
  capacity: number;
  isOpen: boolean;
}

export interface StockedProduct {
  productId: string;
  /** Free units in the store when the run started. */
  free: number;
}

/** Products with fewer free units than this are left out of carts, so carts rarely run out. */
const MIN_FREE = 6;
/** Products each order store draws its carts from. */
const PRODUCTS_PER_STORE = 40;
// 50 ids a read keeps the estimated cost (ids × stores per product) under the gateway's per-query limit.
const PROBE_BATCH = 50;
const PROBE_ROUNDS = 12;
/** Retries of one placement (same idempotency key) when the platform was unavailable. */
const PLACE_ATTEMPTS = 3;

/** The customers the seed creates by default: cus_001 …. */
export const customerIds = (count = DEFAULT_CITY_OPTIONS.customers): string[] =>
  Array.from({ length: count }, (_, i) => `cus_${String(i + 1).padStart(Math.max(3, String(count).length), '0')}`);

const productId = (index: number, count: number) => `prd_${String(index + 1).padStart(Math.max(5, String(count).length), '0')}`;

export async function discoverStores(ctx: SimContext): Promise<SimStore[]> {
  const token = await ctx.tokens.customer(customerIds(1)[0]!);
  const data = await ctx.client.read(StoresDocument, token, {});
  return data.stores.map((s) => ({ id: s.id, name: s.name, location: s.location, radiusMeters: s.deliveryRadiusMeters, capacity: s.capacity, isOpen: s.isOpen })).sort((a, b) => a.id.localeCompare(b.id));
}

/** How many products the catalog holds. */
export async function countProducts(ctx: SimContext): Promise<number> {
  const token = await ctx.tokens.customer(customerIds(1)[0]!);
  const { products } = await ctx.client.read(ProductCountDocument, token, {});
  return products.totalCount;
}

/**
 * Products the store has plenty of, found by asking availability at the store's door about random
 * catalog ids (the seed numbers products prd_00001 …). Deterministic for a seed and a stock state.
 */
export async function stockedProducts(ctx: SimContext, store: SimStore, productCount: number): Promise<StockedProduct[]> {
  const token = await ctx.tokens.customer(customerIds(1)[0]!);
  const rng = ctx.random.fork(`stock:${store.id}`);
  const untried = Array.from({ length: productCount }, (_, i) => i);
  const found: StockedProduct[] = [];
  for (let round = 0; round < PROBE_ROUNDS && found.length < PRODUCTS_PER_STORE && untried.length; round++) {
    const batch = rng.sample(untried, Math.min(PROBE_BATCH, untried.length));
    const taken = new Set(batch);
    untried.splice(0, untried.length, ...untried.filter((i) => !taken.has(i)));
    const data = await ctx.client.read(StockAroundDocument, token, { location: store.location, productIds: batch.map((i) => productId(i, productCount)) });
    for (const a of data.availability) {
      const here = a.stores.find((s) => s.store.id === store.id);
      if (here && here.quantity >= MIN_FREE && found.length < PRODUCTS_PER_STORE) found.push({ productId: a.product.id, free: here.quantity });
    }
  }
  return found;
}

/**
 * The order a customer places `index`-th in the run: a store, a point inside 60 % of its delivery
 * radius, 1–6 of its well-stocked products, mostly one unit each. It depends on the seed and the
 * index only, not on how the run went so far.
 */
export function planOrder(rng: Random, index: number, stores: readonly SimStore[], stock: ReadonlyMap<string, readonly StockedProduct[]>, customers: readonly string[]): SimOrder {
  const usable = stores.filter((s) => (stock.get(s.id)?.length ?? 0) > 0);
  if (!usable.length) throw new Error('no store with stocked products to order from');
  const store = rng.pick(usable);
  const products = stock.get(store.id)!;
  const lineCount = Math.min(products.length, rng.int(1, 6));
  const lines: CartLine[] = rng.sample(products, lineCount).map((p) => ({
    productId: p.productId,
    quantity: Math.min(rng.weighted([[1, 70], [2, 22], [3, 8]] as const), Math.max(1, Math.floor(p.free / 3))),
  }));
  const point = randomPointWithin(rng, store.location, store.radiusMeters * 0.6);
  return {
    index,
    customerId: rng.pick(customers),
    lines,
    location: { lat: roundCoord(point.lat), lng: roundCoord(point.lng) },
    plannedStoreId: store.id,
  };
}

/** The postal code and town of the nearest known place, for the address the courier reads. */
function placeOf(point: Point): { city: string; postalCode: string } {
  let best = PLACES[0]!;
  for (const place of PLACES) if (distanceMeters(point, place) < distanceMeters(point, best)) best = place;
  return { city: best.city, postalCode: best.postalCode };
}

export class Customers {
  private readonly pending = new Set<Promise<void>>();
  /** Keys differ between runs, so a new run never replays an old run's orders. */
  private readonly runId = Date.now().toString(36);

  constructor(
    private readonly ctx: SimContext,
    private readonly stores: readonly SimStore[],
    private readonly stock: ReadonlyMap<string, readonly StockedProduct[]>,
    private readonly onPlaced: (order: SimOrder) => void,
    private readonly customers: readonly string[] = customerIds(),
  ) {}

  /** Places the run's orders at `--rate` per second (open loop) and resolves when every one was answered. */
  async run(): Promise<void> {
    const { args, signal } = this.ctx;
    const started = Date.now();
    for (let i = 0; i < args.orders && !signal.aborted; i++) {
      await sleep(started + (i * 1000) / args.rate - Date.now(), signal);
      if (signal.aborted) break;
      const order = planOrder(this.ctx.random.fork(`order:${i}`), i, this.stores, this.stock, this.customers);
      // The demo customer the README signs in as always has something on its way.
      if (args.demo && i % 3 === 0) order.customerId = this.customers[0]!;
      this.ctx.ledger.add(order);
      const placing = this.place(order).finally(() => this.pending.delete(placing));
      this.pending.add(placing);
    }
    await Promise.all(this.pending);
  }

  private async place(order: SimOrder): Promise<void> {
    const { ctx } = this;
    const { ledger } = ctx;
    ledger.counters.attempted += 1;
    const token = await ctx.tokens.customer(order.customerId);
    const street = ctx.random.fork(`address:${order.index}`);
    const input = {
      idempotencyKey: `sim-${this.runId}-${order.index}`,
      items: order.lines,
      deliveryLocation: order.location,
      address: { line1: `${street.pick(STREETS)} ${street.int(1, 180)}`, ...placeOf(order.location) },
      paymentMethod: 'card_visa_4242',
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const { placeOrder } = await ctx.client.request(SimPlaceOrderDocument, token, { input });
        ledger.counters.outcomes[placeOrder.__typename] = (ledger.counters.outcomes[placeOrder.__typename] ?? 0) + 1;
        if (placeOrder.__typename === 'OrderPlaced') {
          order.id = placeOrder.order.id;
          order.placedAt = Date.parse(placeOrder.order.placedAt);
          order.storeId = placeOrder.order.store?.id ?? order.plannedStoreId;
          ledger.register(order);
          ledger.counters.placed += 1;
          this.onPlaced(order);
        } else {
          ledger.fail(order, placeOrder.__typename);
        }
        return;
      } catch (error) {
        const code = error instanceof GraphQLRequestError ? error.code : 'INTERNAL';
        // Safe to send again: the idempotency key makes a retried placeOrder answer with the first order.
        const again = isRetryable(error) && attempt < PLACE_ATTEMPTS && !ctx.signal.aborted;
        ledger.error('placeOrder', error, again);
        if (!again) {
          ledger.counters.outcomes[`error ${code}`] = (ledger.counters.outcomes[`error ${code}`] ?? 0) + 1;
          ledger.fail(order, `placeOrder ${code}`);
          if (ledger.counters.outcomes[`error ${code}`] === 1) ctx.log(`placeOrder failed: ${(error as Error).message}`);
          return;
        }
        await sleep(500 * attempt, ctx.signal);
      }
    }
  }
}
