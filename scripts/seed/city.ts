/**
 * A demo city for the quick-commerce supergraph, generated from a seed: catalog, dark stores
 * around Berlin, their stock, couriers, customers and orders in every state of their life, with
 * the records each subgraph keeps about them. Pure and deterministic: the same options give the
 * same city. Stock is not held in memory; it is streamed per store (millions of rows at scale).
 */
import { indexOfId } from './common';
import { generateCatalog } from './catalog';
import { generateCouriers, generateCustomers } from './people';
import { generateOrders } from './orders';
import { DEFAULT_SEED, Random } from './random';
import { courierStateAndPositions, crossSubgraphRecords, type CrossSubgraphRecords } from './records';
import { generateStores, stockModel } from './stores';
import type {
  CategoryRecord,
  CourierRecord,
  CustomerRecord,
  NewOrderRecord,
  PositionRecord,
  ProductRecord,
  StockRecord,
  StoreRecord,
} from './types';

export { ALL_ORDER_STATUSES, HAPPY_PATH } from './orders';
export { berlinClock, isOpenAt } from './stores';

export interface CityOptions {
  seed: number;
  stores: number;
  products: number;
  couriers: number;
  customers: number;
  orders: number;
  /** The moment the city is seen at: live orders were placed minutes before it. */
  now: Date;
}

/** A fixed instant, so that a city generated without `now` is reproducible too. */
export const DEFAULT_NOW = new Date('2026-11-22T12:00:00.000Z');

export const DEFAULT_CITY_OPTIONS: Readonly<CityOptions> = {
  seed: DEFAULT_SEED,
  stores: 60,
  products: 2_400,
  couriers: 240,
  customers: 100,
  orders: 120,
  now: DEFAULT_NOW,
};

/** Inclusive bounds for the counts; the upper ones keep a run within what a laptop holds. */
export const CITY_LIMITS = {
  seed: [0, 2 ** 32 - 1],
  stores: [1, 10_000],
  products: [1, 200_000],
  couriers: [0, 100_000],
  customers: [1, 1_000_000],
  orders: [0, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>;

type CountOption = keyof typeof CITY_LIMITS;

/** Every problem with the options, as sentences naming the option; empty when they are fine. */
export function validateCityOptions(options: Partial<CityOptions>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(CITY_LIMITS) as CountOption[]) {
    const value = options[key];
    if (value === undefined) continue;
    const [min, max] = CITY_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} (got ${String(value)})`);
    }
  }
  if (options.now !== undefined && !(options.now instanceof Date && !Number.isNaN(options.now.getTime()))) {
    problems.push('now must be a valid Date');
  }
  return problems;
}

/** Defaults filled in and checked; throws a RangeError listing every problem. */
export function resolveCityOptions(options: Partial<CityOptions> = {}): CityOptions {
  const problems = validateCityOptions(options);
  if (problems.length) throw new RangeError(`Invalid city options: ${problems.join('; ')}`);
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_CITY_OPTIONS, ...defined };
}

/** Everything the seed writes, per subgraph; stock comes from the generators. */
export interface City extends CrossSubgraphRecords {
  options: CityOptions;
  categories: CategoryRecord[];
  products: ProductRecord[];
  stores: StoreRecord[];
  customers: CustomerRecord[];
  orders: NewOrderRecord[];
  couriers: CourierRecord[];
  positions: PositionRecord[];
  /** The stock rows of one store (by index), produced lazily. */
  stockFor(storeIndex: number): Generator<StockRecord>;
  /** Every stock row, store after store, produced lazily. */
  stock(): Generator<StockRecord>;
  /** How many rows `stock()` yields (counted without building them). */
  stockRowCount(): number;
  /** On-hand units of a product in a store, or null when the store does not carry it. */
  onHand(storeId: string, productId: string): number | null;
}

/** Deliveries that still tie up their courier. */
export const ACTIVE_DELIVERY_STATUSES = new Set(['OFFERED', 'ASSIGNED', 'PICKED_UP']);

/** Builds the whole city except stock rows, which are streamed on demand. */
export function generateCity(input: Partial<CityOptions> = {}): City {
  const options = resolveCityOptions(input);
  const root = new Random(options.seed);

  const { categories, products } = generateCatalog(root.fork('catalog'), options.products);
  const { stores, coverage } = generateStores(root.fork('stores'), options.stores);
  const stock = stockModel(options.seed, stores, products, coverage);
  const { customers, homes } = generateCustomers(root.fork('customers'), options.customers, stores);
  const couriers = generateCouriers(root.fork('couriers'), options.couriers, stores);
  const orders = generateOrders(root.fork('orders'), options, { stores, products, customers, homes, couriers, stock });
  const records = crossSubgraphRecords(orders, stores, couriers);
  const positions = courierStateAndPositions(root.fork('positions'), options.now, couriers, stores, orders);

  return {
    options,
    categories,
    products,
    stores,
    customers,
    orders: orders.map((o) => o.record),
    ...records,
    couriers,
    positions,
    stockFor: stock.rowsFor,
    *stock() {
      for (let s = 0; s < stores.length; s++) yield* stock.rowsFor(s);
    },
    stockRowCount: stock.rowCount,
    onHand: (storeId, productId) => {
      const s = indexOfId(storeId);
      const p = indexOfId(productId);
      if (!(s >= 0 && s < stores.length && p >= 0 && p < products.length)) return null;
      return stock.level(s, p);
    },
  };
}
