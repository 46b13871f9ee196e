/**
 * A demo city for the quick-commerce supergraph, generated from a seed: catalog, dark stores
 * around Berlin, their stock, couriers, customers and orders in every state of their life, with
 * the records each subgraph keeps about them. Pure and deterministic: the same options give the
 * same city. Stock is not held in memory; it is streamed per store (millions of rows at scale).
 */
import { CATEGORIES, PROMO_TAGS, TAG_PHRASES, type BaseItem, type CategorySpec, type Qualifier, type Size } from './catalog-words';
import { bearingDegrees, distanceMeters, interpolate, offset, randomPointWithin, roundCoord, type Point } from './geo';
import { asciiFold, CITY_CENTRE, FIRST_NAMES, LAST_NAMES, PLACES, STREETS, type Place } from './places';
import { DEFAULT_SEED, hash32, hashUnit, Random, stringHash } from './random';
import type {
  AddressRecord,
  CategoryRecord,
  CourierRecord,
  CourierStatus,
  CustomerRecord,
  DeliveryRecord,
  NewOrderRecord,
  OpeningHoursRecord,
  OrderItemRecord,
  OrderStatus,
  PickTaskRecord,
  PositionRecord,
  ProductRecord,
  StatusChangeRecord,
  StockRecord,
  StoreRecord,
  VehicleType,
} from './types';

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
export interface City {
  options: CityOptions;
  categories: CategoryRecord[];
  products: ProductRecord[];
  stores: StoreRecord[];
  customers: CustomerRecord[];
  orders: NewOrderRecord[];
  pickTasks: PickTaskRecord[];
  couriers: CourierRecord[];
  deliveries: DeliveryRecord[];
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

/** The statuses in the order a delivered order goes through them. */
export const HAPPY_PATH: readonly OrderStatus[] = [
  'PENDING',
  'CONFIRMED',
  'ASSIGNED_TO_STORE',
  'PICKING',
  'PACKED',
  'ASSIGNED_TO_COURIER',
  'PICKED_UP',
  'IN_TRANSIT',
  'DELIVERED',
];

export const ALL_ORDER_STATUSES: readonly OrderStatus[] = [...HAPPY_PATH, 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED', 'REFUNDED'];

/** Deliveries that still tie up their courier. */
export const ACTIVE_DELIVERY_STATUSES = new Set(['OFFERED', 'ASSIGNED', 'PICKED_UP']);

const CITY_RADIUS_M = 12_000;
const TIMEZONE = 'Europe/Berlin';
const CURRENCY = 'EUR';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Metres per second in city traffic. */
const SPEED: Record<VehicleType, number> = { BICYCLE: 4.2, E_BIKE: 5.5, SCOOTER: 7, CAR: 8 };

/** `prefix_0042`: at least `minWidth` digits, more when the count needs them, so ids sort. */
const idMaker = (prefix: string, minWidth: number, count: number) => {
  const width = Math.max(minWidth, String(count).length);
  return (index: number) => `${prefix}_${String(index + 1).padStart(width, '0')}`;
};

const indexOfId = (id: string): number => Number(id.slice(id.indexOf('_') + 1)) - 1;

/** Shelf prices end in 9: 1.29, 2.49, 12.99. */
const shelfPrice = (cents: number): number => Math.max(19, Math.round(cents / 10) * 10 - 1);

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
  const { pickTasks, deliveries } = crossSubgraphRecords(orders);
  const positions = courierStateAndPositions(root.fork('positions'), options.now, couriers, stores, orders);

  return {
    options,
    categories,
    products,
    stores,
    customers,
    orders: orders.map((o) => o.record),
    pickTasks,
    couriers,
    deliveries,
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

// ---------------------------------------------------------------------------------------------
// Catalog

interface NameCombo {
  qualifier: Qualifier | null;
  brand: string | null;
  size: Size;
  pack: number;
}

function generateCatalog(rng: Random, count: number): { categories: CategoryRecord[]; products: ProductRecord[] } {
  const categories = CATEGORIES.map((c) => ({ id: `cat_${c.slug.replace(/-/g, '_')}`, name: c.name, slug: c.slug }));
  const shares = allocate(count, CATEGORIES.map((c) => c.weight));
  const productId = idMaker('prd', 5, count);
  const skuWidth = Math.max(5, String(count).length);
  const brandFactor = new Map<string, number>();
  const usedNames = new Set<string>();
  const products: ProductRecord[] = [];

  CATEGORIES.forEach((spec, c) => {
    const catRng = rng.fork(spec.slug);
    const basePrice = spec.items.map((item) => catRng.int(item.price[0], item.price[1]));
    for (const combo of categoryCombos(spec, catRng, shares[c]!, usedNames)) {
      const item = spec.items[combo.itemIndex]!;
      const name = productName(item, combo);
      usedNames.add(name);
      const index = products.length;
      const brandPrice = combo.brand ? brandPriceFactor(brandFactor, combo.brand) : 1;
      const cents =
        basePrice[combo.itemIndex]! *
        (combo.qualifier?.priceFactor ?? 1) *
        combo.size[1] *
        brandPrice *
        combo.pack *
        (combo.pack > 1 ? 0.95 : 1) *
        catRng.float(0.95, 1.08);
      const tags = productTags(spec, item, combo.qualifier, catRng);
      products.push({
        id: productId(index),
        sku: `${spec.code}-${String(index + 1).padStart(skuWidth, '0')}`,
        name,
        description: describe(spec, item, tags, catRng),
        categoryId: categories[c]!.id,
        priceCents: shelfPrice(cents),
        currency: CURRENCY,
        imageUrl: `https://images.quickcommerce.example/products/${productId(index)}.jpg`,
        tags,
      });
    }
  });
  return { categories, products };
}

/** Splits `total` over weights (largest remainder); every share gets one first when there is enough. */
function allocate(total: number, weights: readonly number[]): number[] {
  const shares = weights.map(() => 0);
  let left = total;
  if (total >= weights.length) {
    shares.fill(1);
    left -= weights.length;
  }
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (left * w) / sum);
  exact.forEach((x, i) => (shares[i]! += Math.floor(x)));
  let rest = total - shares.reduce((s, v) => s + v, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % byRemainder.length, rest--) shares[byRemainder[k]![1]]! += 1;
  return shares;
}

/**
 * `count` distinct products of a category: first every item in its plain form ("Bananas"), then
 * with each qualifier ("Organic Whole Milk 1 L"), then its other sizes, then brands and
 * qualifiers mixed; multipacks when even that runs out (only at very large catalogs).
 */
function* categoryCombos(spec: CategorySpec, rng: Random, count: number, used: Set<string>): Generator<NameCombo & { itemIndex: number }> {
  const queues = spec.items.map((item) => combosOf(spec, item, rng));
  let produced = 0;
  for (let pack = 1; produced < count; pack++) {
    const cursors = queues.map(() => 0);
    let progressed = true;
    while (produced < count && progressed) {
      progressed = false;
      for (let i = 0; i < queues.length && produced < count; i++) {
        const queue = queues[i]!;
        while (cursors[i]! < queue.length) {
          const combo = { ...queue[cursors[i]!++]!, pack, itemIndex: i };
          progressed = true;
          if (used.has(productName(spec.items[i]!, combo))) continue;
          produced++;
          yield combo;
          break;
        }
      }
    }
  }
}

function combosOf(spec: CategorySpec, item: BaseItem, rng: Random): NameCombo[] {
  const qualifiers = spec.qualifiers.filter((qual) => !item.avoid?.includes(qual.word));
  const [first, ...otherSizes] = item.sizes;
  const leading: NameCombo[] = [
    { qualifier: null, brand: null, size: first!, pack: 1 },
    ...qualifiers.map((qualifier) => ({ qualifier, brand: null, size: first!, pack: 1 })),
    ...otherSizes.map((size) => ({ qualifier: null, brand: null, size, pack: 1 })),
  ];
  const rest: NameCombo[] = [];
  for (const qualifier of [null, ...qualifiers]) {
    for (const brand of spec.brands) {
      for (const size of item.sizes) rest.push({ qualifier, brand, size, pack: 1 });
    }
    if (qualifier) for (const size of otherSizes) rest.push({ qualifier, brand: null, size, pack: 1 });
  }
  return [...leading, ...rng.shuffle(rest)];
}

function productName(item: BaseItem, combo: NameCombo): string {
  const base = [combo.brand, combo.qualifier?.word, item.name, combo.size[0]].filter(Boolean).join(' ');
  return combo.pack > 1 ? `${base} ×${combo.pack}` : base;
}

function brandPriceFactor(cache: Map<string, number>, brand: string): number {
  let factor = cache.get(brand);
  if (factor === undefined) {
    // House brands are cheaper or dearer by design; other brands get a stable premium of their own.
    factor = brand === 'QC Basics' ? 0.8 : brand === 'QC Select' ? 1.2 : 0.9 + 0.35 * hashUnit(stringHash(brand));
    cache.set(brand, factor);
  }
  return factor;
}

function productTags(spec: CategorySpec, item: BaseItem, qualifier: Qualifier | null, rng: Random): string[] {
  const tags = new Set([...(spec.tags ?? []), ...(item.tags ?? []), ...(qualifier?.tags ?? [])]);
  if (tags.has('vegan')) tags.add('vegetarian');
  for (const [tag, p] of PROMO_TAGS) if (rng.chance(p)) tags.add(tag);
  return [...tags].sort();
}

function describe(spec: CategorySpec, item: BaseItem, tags: readonly string[], rng: Random): string {
  const phrases = Object.entries(TAG_PHRASES)
    .filter(([tag]) => tags.includes(tag) && !(tag === 'vegetarian' && tags.includes('vegan')))
    .map(([, phrase]) => phrase);
  return [rng.pick(spec.blurbs), `${item.name} from our ${spec.name.toLowerCase()} shelf.`, ...phrases].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Stores and stock

type HoursKind = 'round-the-clock' | 'overnight' | 'closed-sundays' | 'standard' | 'short';

/**
 * Spread, not regular: the kinds repeat every few stores so even a small city has each of them,
 * and str_001 is round-the-clock so the demo store always has a live queue.
 */
function hoursKind(index: number, rng: Random): HoursKind {
  if (index % 10 === 0) return 'round-the-clock';
  if (index % 15 === 7) return 'overnight';
  if (index % 12 === 5) return 'closed-sundays';
  return rng.chance(0.1) ? 'short' : 'standard';
}

function openingHours(kind: HoursKind): OpeningHoursRecord[] {
  const week = (opens: string, closes: string, days = [0, 1, 2, 3, 4, 5, 6]) => days.map((dayOfWeek) => ({ dayOfWeek, opens, closes }));
  switch (kind) {
    case 'round-the-clock':
      return week('00:00', '23:59');
    case 'overnight':
      return week('18:00', '02:00');
    case 'closed-sundays':
      return week('07:00', '23:00', [1, 2, 3, 4, 5, 6]);
    case 'short':
      return week('08:00', '22:00');
    case 'standard':
      return week('07:00', '23:00');
  }
}

function generateStores(rng: Random, count: number): { stores: StoreRecord[]; coverage: Float64Array } {
  // A bigger network covers a bigger area (Berlin, then Brandenburg) instead of stacking stores.
  const radius = CITY_RADIUS_M * Math.sqrt(Math.max(1, count / 60));
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  // Mitchell's best candidate: of a few random spots, take the one farthest from every store so far.
  const candidates = count <= 3_000 ? 4 : 2;
  for (let i = 0; i < count; i++) {
    let bestX = 0;
    let bestY = 0;
    let bestDistance = -1;
    for (let c = 0; c < candidates; c++) {
      const r = radius * Math.pow(rng.next(), 0.6);
      const angle = rng.float(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      let nearest = Infinity;
      for (let j = 0; j < i; j++) nearest = Math.min(nearest, (xs[j]! - x) ** 2 + (ys[j]! - y) ** 2);
      if (nearest > bestDistance) [bestX, bestY, bestDistance] = [x, y, nearest];
    }
    xs[i] = bestX;
    ys[i] = bestY;
  }

  const storeId = idMaker('str', 3, count);
  const nameCount = new Map<string, number>();
  const coverage = new Float64Array(count);
  const stores = Array.from({ length: count }, (_, i): StoreRecord => {
    const point = offset(CITY_CENTRE, xs[i]!, ys[i]!);
    const place = nearestPlace(point);
    const seen = (nameCount.get(place.name) ?? 0) + 1;
    nameCount.set(place.name, seen);
    coverage[i] = rng.float(0.6, 0.9);
    return {
      id: storeId(i),
      name: seen === 1 ? `QC ${place.name}` : `QC ${place.name} ${seen}`,
      lat: roundCoord(point.lat),
      lng: roundCoord(point.lng),
      address: `${rng.pick(STREETS)} ${rng.int(1, 180)}, ${place.postalCode} ${place.city}`,
      deliveryRadiusMeters: rng.int(20, 40) * 100,
      capacity: rng.int(10, 40),
      timezone: TIMEZONE,
      openingHours: openingHours(hoursKind(i, rng)),
    };
  });
  return { stores, coverage };
}

function nearestPlace(point: Point): Place {
  let best = PLACES[0]!;
  let bestDistance = Infinity;
  for (const place of PLACES) {
    const d = distanceMeters(point, place);
    if (d < bestDistance) [best, bestDistance] = [place, d];
  }
  return best;
}

interface StockModel {
  level(storeIndex: number, productIndex: number): number | null;
  rowsFor(storeIndex: number): Generator<StockRecord>;
  rowCount(): number;
}

/**
 * Whether a store carries a product, and how many, is a hash of (seed, store, product): any
 * pair can be asked about without building the rest, which is what lets stock stream.
 */
function stockModel(seed: number, stores: readonly StoreRecord[], products: readonly ProductRecord[], coverage: Float64Array): StockModel {
  const stockSeed = hash32(seed, stringHash('stock'));
  const level = (s: number, p: number): number | null => {
    if (hashUnit(stockSeed, s, p, 0) >= coverage[s]!) return null;
    const h = hashUnit(stockSeed, s, p, 1);
    // About one shelf in twelve is empty right now; the rest hold 1–60 units (`| 0` floors).
    return h < 0.08 ? 0 : 1 + ((((h - 0.08) / 0.92) * 60) | 0);
  };
  let counted: number | undefined;
  return {
    level,
    *rowsFor(s: number) {
      const storeId = stores[s]!.id;
      for (let p = 0; p < products.length; p++) {
        const onHand = level(s, p);
        if (onHand !== null) yield { storeId, productId: products[p]!.id, onHand, reserved: 0 };
      }
    },
    rowCount() {
      if (counted === undefined) {
        counted = 0;
        for (let s = 0; s < stores.length; s++) {
          for (let p = 0; p < products.length; p++) if (hashUnit(stockSeed, s, p, 0) < coverage[s]!) counted++;
        }
      }
      return counted;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// People

interface Home {
  storeIndex: number;
  address: AddressRecord;
}

function addressAt(rng: Random, point: Point): AddressRecord {
  const place = nearestPlace(point);
  return {
    line1: `${rng.pick(STREETS)} ${rng.int(1, 180)}`,
    city: place.city,
    postalCode: place.postalCode,
    lat: roundCoord(point.lat),
    lng: roundCoord(point.lng),
  };
}

/** A point safely inside a store's delivery area (rounding never pushes it out). */
const pointInRadius = (rng: Random, store: StoreRecord, share = 0.9): Point =>
  randomPointWithin(rng, store, store.deliveryRadiusMeters * share);

function generateCustomers(rng: Random, count: number, stores: readonly StoreRecord[]): { customers: CustomerRecord[]; homes: Home[] } {
  const customerId = idMaker('cus', 3, count);
  const usedLocals = new Set<string>();
  const homes: Home[] = [];
  const customers = Array.from({ length: count }, (_, i): CustomerRecord => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${asciiFold(first)}.${asciiFold(last)}`;
    let local = base;
    for (let n = 2; usedLocals.has(local); n++) local = `${base}${n}`;
    usedLocals.add(local);
    // cus_001 lives in str_001's area so the demo customer and the demo store meet.
    const storeIndex = i === 0 ? 0 : rng.int(0, stores.length - 1);
    homes.push({ storeIndex, address: addressAt(rng, pointInRadius(rng, stores[storeIndex]!)) });
    return { id: customerId(i), name: `${first} ${last}`, email: `${local}@${rng.pick(['example.com', 'example.org', 'example.net'])}` };
  });
  return { customers, homes };
}

function generateCouriers(rng: Random, count: number, stores: readonly StoreRecord[]): CourierRecord[] {
  const courierId = idMaker('cou', 3, count);
  return Array.from({ length: count }, (_, i): CourierRecord => ({
    id: courierId(i),
    name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    vehicle: rng.weighted<VehicleType>([
      ['E_BIKE', 45],
      ['BICYCLE', 30],
      ['SCOOTER', 20],
      ['CAR', 5],
    ]),
    // Ratings bunch up near the top, as they do in every courier app.
    rating: Math.round((3.5 + 1.5 * Math.sqrt(rng.next())) * 100) / 100,
    status: 'OFFLINE',
    currentLoad: 0,
    // Round-robin so every store has couriers (cou_001 works from str_001); a few float between stores.
    homeStoreId: i > 0 && rng.chance(0.03) ? null : stores[i % stores.length]!.id,
  }));
}

// ---------------------------------------------------------------------------------------------
// Orders

interface StoreWorld {
  stores: readonly StoreRecord[];
  products: readonly ProductRecord[];
  customers: readonly CustomerRecord[];
  homes: readonly Home[];
  couriers: readonly CourierRecord[];
  stock: StockModel;
}

interface OrderPlan {
  status: OrderStatus;
  customerIndex: number;
  storeIndex?: number;
  courierIndex?: number;
}

/** An order with what the other subgraphs need to know about it. */
interface BuiltOrder {
  record: NewOrderRecord;
  storeIndex: number | null;
  courierIndex: number | null;
  courierId: string | null;
  /** Set for a PACKED order that is offered to a courier who has not answered yet. */
  offered: boolean;
  at: Partial<Record<OrderStatus, Date>>;
  /** How far along the ride an IN_TRANSIT courier is, 0–1. */
  rideShare: number;
}

const LIVE: ReadonlySet<OrderStatus> = new Set(['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT']);
const WITH_COURIER: ReadonlySet<OrderStatus> = new Set(['ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);

const STATUS_WEIGHTS: readonly (readonly [OrderStatus, number])[] = [
  ['DELIVERED', 38],
  ['PENDING', 2],
  ['CONFIRMED', 3],
  ['ASSIGNED_TO_STORE', 5],
  ['PICKING', 7],
  ['PACKED', 5],
  ['ASSIGNED_TO_COURIER', 5],
  ['PICKED_UP', 4],
  ['IN_TRANSIT', 8],
  ['PAYMENT_FAILED', 5],
  ['REJECTED', 3],
  ['CANCELLED', 3],
  ['REFUNDED', 6],
];

const PAYMENT_FAILURES = ['card declined', 'insufficient funds', 'payment provider timed out', '3-D Secure check failed'];
const CANCEL_REASONS = ['ordered by mistake', 'changed my mind', 'wrong delivery address', 'found it cheaper elsewhere', 'takes too long'];

/**
 * The first orders cover every status once and tie the demo identities together: cus_001 has an
 * order on its way with cou_001 from str_001, and str_001 has orders queued, being picked and packed.
 */
function planOrders(rng: Random, options: CityOptions): OrderPlan[] {
  const plans: OrderPlan[] = [];
  const randomCustomer = () => rng.int(0, options.customers - 1);
  for (const status of ALL_ORDER_STATUSES) {
    if (plans.length >= options.orders) break;
    const plan: OrderPlan = { status, customerIndex: randomCustomer() };
    if (status === 'IN_TRANSIT' || status === 'DELIVERED' || status === 'REFUNDED') plan.customerIndex = 0;
    if (status === 'ASSIGNED_TO_STORE' || status === 'PICKING' || status === 'PACKED' || status === 'IN_TRANSIT') plan.storeIndex = 0;
    if (status === 'IN_TRANSIT' && options.couriers > 0) plan.courierIndex = 0;
    plans.push(plan);
  }
  while (plans.length < options.orders) plans.push({ status: rng.weighted(STATUS_WEIGHTS), customerIndex: randomCustomer() });
  return plans;
}

function pathTo(status: OrderStatus, rng: Random): OrderStatus[] {
  switch (status) {
    case 'PAYMENT_FAILED':
    case 'REJECTED':
      return ['PENDING', status];
    case 'REFUNDED':
      return [...HAPPY_PATH.slice(0, rng.int(2, 3)), 'CANCELLED', 'REFUNDED'];
    case 'CANCELLED':
      // Unpaid orders need no refund; a paid one is CANCELLED only for the seconds until it is refunded.
      return rng.chance(0.5) ? ['PENDING', 'CANCELLED'] : [...HAPPY_PATH.slice(0, rng.int(2, 3)), 'CANCELLED'];
    default:
      return HAPPY_PATH.slice(0, HAPPY_PATH.indexOf(status) + 1);
  }
}

/** Seconds between two statuses of one order. */
function stepSeconds(from: OrderStatus, to: OrderStatus, rng: Random, lines: number, rideSeconds: number): number {
  switch (`${from}>${to}`) {
    case 'PENDING>CONFIRMED':
      return rng.int(2, 12);
    case 'PENDING>PAYMENT_FAILED':
      return rng.int(3, 30);
    case 'PENDING>REJECTED':
      return rng.int(1, 3);
    case 'CONFIRMED>ASSIGNED_TO_STORE':
      return rng.int(1, 5);
    case 'ASSIGNED_TO_STORE>PICKING':
      return rng.int(30, 240);
    case 'PICKING>PACKED':
      // One pack in ten runs late (a missing item, a busy evening) so SLA views have something to show.
      return 60 + 40 * lines + rng.int(0, 240) + (rng.chance(0.1) ? rng.int(300, 600) : 0);
    case 'PACKED>ASSIGNED_TO_COURIER':
      return rng.int(20, 240);
    case 'ASSIGNED_TO_COURIER>PICKED_UP':
      return rng.int(120, 420);
    case 'PICKED_UP>IN_TRANSIT':
      return rng.int(10, 60);
    case 'IN_TRANSIT>DELIVERED':
      return rideSeconds + rng.int(60, 180);
    case 'CANCELLED>REFUNDED':
      return rng.int(5, 90);
    default:
      // Cancellations: from PENDING, CONFIRMED or ASSIGNED_TO_STORE.
      return rng.int(15, 180);
  }
}

/** How long a live order has been sitting in its current status, typically. */
const TYPICAL_WAIT_S: Partial<Record<OrderStatus, number>> = {
  PENDING: 10,
  CONFIRMED: 4,
  ASSIGNED_TO_STORE: 180,
  PICKING: 300,
  PACKED: 120,
  ASSIGNED_TO_COURIER: 300,
  PICKED_UP: 40,
  CANCELLED: 60,
};

const localClock = new Intl.DateTimeFormat('en-US', { timeZone: TIMEZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Day of week (0 = Sunday) and minutes since midnight in Berlin. */
export function berlinClock(at: Date): { dayOfWeek: number; minutes: number } {
  const parts = Object.fromEntries(localClock.formatToParts(at).map((p) => [p.type, p.value]));
  return { dayOfWeek: WEEKDAYS.indexOf(parts.weekday!), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the store is open at that instant, overnight hours and "23:59" (until midnight) included. */
export function isOpenAt(store: StoreRecord, at: Date): boolean {
  const { dayOfWeek, minutes } = berlinClock(at);
  const yesterday = (dayOfWeek + 6) % 7;
  return store.openingHours.some((h) => {
    const opens = minutesOf(h.opens);
    const closes = h.closes === '23:59' ? 24 * 60 : minutesOf(h.closes);
    if (opens < closes) return h.dayOfWeek === dayOfWeek && minutes >= opens && minutes < closes;
    return (h.dayOfWeek === dayOfWeek && minutes >= opens) || (h.dayOfWeek === yesterday && minutes < closes);
  });
}

function generateOrders(rng: Random, options: CityOptions, world: StoreWorld): BuiltOrder[] {
  const { stores, couriers } = world;
  const now = options.now.getTime();
  const plans = planOrders(rng.fork('plans'), options);
  const busy = new Set<number>(plans.flatMap((p) => (p.courierIndex !== undefined && LIVE.has(p.status) ? [p.courierIndex] : [])));
  const couriersByStore = new Map<string, number[]>();
  couriers.forEach((c, i) => {
    if (c.homeStoreId) couriersByStore.set(c.homeStoreId, [...(couriersByStore.get(c.homeStoreId) ?? []), i]);
  });

  /** A courier free of live work, from the store if possible, else the one whose home store is nearest. */
  const freeCourier = (storeIndex: number): number | null => {
    const local = (couriersByStore.get(stores[storeIndex]!.id) ?? []).filter((i) => !busy.has(i));
    if (local.length) return rng.pick(local);
    let best: number | null = null;
    let bestDistance = Infinity;
    couriers.forEach((c, i) => {
      if (busy.has(i)) return;
      const home = c.homeStoreId ? stores[indexOfId(c.homeStoreId)]! : stores[storeIndex]!;
      const d = distanceMeters(home, stores[storeIndex]!);
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    return best;
  };

  const built = plans.map((plan, planIndex): BuiltOrder => {
    const orderRng = rng.fork(`order:${planIndex}`);
    let status = plan.status;
    let path = pathTo(status, orderRng);
    const customer = world.customers[plan.customerIndex]!;
    const home = world.homes[plan.customerIndex]!;
    // A paid order is CANCELLED only until its refund goes through, seconds later: those are live.
    let live = LIVE.has(status) || (status === 'CANCELLED' && path.includes('CONFIRMED'));

    let address: AddressRecord;
    if (plan.storeIndex !== undefined && home.storeIndex !== plan.storeIndex) {
      address = addressAt(orderRng, pointInRadius(orderRng, stores[plan.storeIndex]!));
    } else if (plan.storeIndex === undefined && orderRng.chance(0.15)) {
      // Sent to the office or a friend's place rather than home.
      address = addressAt(orderRng, pointInRadius(orderRng, orderRng.pick(stores)));
    } else {
      address = home.address;
    }

    // Past orders: one of the last 14 days, at a busy hour, finished hours before now.
    let placedAt = now;
    if (!live) {
      const day = now - orderRng.int(0, 13) * DAY;
      const hour = orderRng.weighted([[8, 3], [9, 4], [10, 4], [11, 5], [12, 8], [13, 7], [14, 5], [15, 5], [16, 6], [17, 8], [18, 10], [19, 11], [20, 9], [21, 6], [22, 3]] as const);
      placedAt = day + (hour * 60 + orderRng.int(0, 59) - berlinClock(new Date(day)).minutes) * MINUTE + orderRng.int(0, 59_999);
      while (placedAt > now - 3 * HOUR) placedAt -= DAY;
    }

    const covering = stores
      .map((s, i) => ({ i, d: distanceMeters(s, address) }))
      .filter(({ i, d }) => d <= stores[i]!.deliveryRadiusMeters)
      .sort((a, b) => a.d - b.d || a.i - b.i);
    // Fulfillment takes the nearest open store; the fallback only matters for tiny test cities.
    const storeIndex =
      plan.storeIndex ??
      (covering.find(({ i }) => isOpenAt(stores[i]!, new Date(placedAt))) ?? covering[0] ?? { i: home.storeIndex }).i;
    const store = stores[storeIndex]!;

    const items = pickItems(orderRng, world, storeIndex, status === 'REJECTED', placedAt < now - 3 * DAY);

    let courierIndex: number | null = null;
    let offered = false;
    if (WITH_COURIER.has(status)) {
      courierIndex = plan.courierIndex ?? (status === 'DELIVERED' ? anyCourierFor(orderRng, storeIndex) : freeCourier(storeIndex));
      if (courierIndex === null) {
        // No courier is free (only in tiny cities): the order waits, packed, as it would for real.
        status = 'PACKED';
        path = pathTo(status, orderRng);
        live = true;
      }
    } else if (status === 'PACKED' && orderRng.chance(0.5)) {
      courierIndex = freeCourier(storeIndex);
      offered = courierIndex !== null;
    }
    if (courierIndex !== null && LIVE.has(status)) busy.add(courierIndex);

    const vehicle = courierIndex === null ? 'E_BIKE' : couriers[courierIndex]!.vehicle;
    const rideSeconds = Math.round((distanceMeters(store, address) * 1.35) / SPEED[vehicle]);
    const steps = path.slice(1).map((to, k) => stepSeconds(path[k]!, to, orderRng, items.length, rideSeconds) * 1000 + orderRng.int(0, 999));
    const current = path[path.length - 1]!;
    let rideShare = 0;
    if (live) {
      const typical = current === 'IN_TRANSIT' ? rideSeconds : (TYPICAL_WAIT_S[current] ?? 60);
      rideShare = orderRng.float(0.15, 0.85);
      const waited = Math.round(typical * 1000 * rideShare);
      placedAt = now - waited - steps.reduce((s, v) => s + v, 0);
    }

    const at: Partial<Record<OrderStatus, Date>> = {};
    let t = placedAt;
    path.forEach((s, k) => {
      if (k > 0) t += steps[k - 1]!;
      at[s] = new Date(t);
    });

    // Placement keeps no store for an order it did not confirm: the reservation is gone with it.
    const storeless = status === 'REJECTED' || status === 'PAYMENT_FAILED';
    const staff = `staff_${store.id.slice(4)}_${orderRng.int(1, 3)}`;
    const courierId = courierIndex === null ? null : couriers[courierIndex]!.id;
    const history: StatusChangeRecord[] = path.map((to, k) => ({
      from: k === 0 ? null : path[k - 1]!,
      to,
      actor: actorFor(to, customer.id, staff, courierId),
      reason: reasonFor(to, orderRng),
      at: at[to]!,
    }));

    return {
      record: {
        id: '',
        customerId: customer.id,
        storeId: storeless ? null : store.id,
        courierId,
        status,
        currency: CURRENCY,
        totalCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
        address,
        placedAt: new Date(placedAt),
        updatedAt: history[history.length - 1]!.at,
        items,
        history,
      },
      storeIndex: storeless ? null : storeIndex,
      courierIndex,
      courierId,
      offered,
      at,
      rideShare,
    };
  });

  function anyCourierFor(orderRng: Random, storeIndex: number): number | null {
    if (couriers.length === 0) return null;
    const local = couriersByStore.get(stores[storeIndex]!.id) ?? [];
    return local.length ? orderRng.pick(local) : orderRng.int(0, couriers.length - 1);
  }

  built.sort((a, b) => a.record.placedAt.getTime() - b.record.placedAt.getTime());
  const orderId = idMaker('ord', 4, built.length);
  built.forEach((o, i) => (o.record.id = orderId(i)));
  return built;
}

function actorFor(to: OrderStatus, customerId: string, staff: string, courierId: string | null): string {
  switch (to) {
    case 'PENDING':
    case 'CANCELLED':
      return customerId;
    // The orders service records the outcome of placement and refunds itself, as it does live.
    case 'CONFIRMED':
    case 'PAYMENT_FAILED':
    case 'REJECTED':
    case 'REFUNDED':
      return 'orders';
    case 'ASSIGNED_TO_STORE':
      return 'fulfillment';
    case 'PICKING':
    case 'PACKED':
      return staff;
    default:
      return courierId ?? 'delivery';
  }
}

function reasonFor(to: OrderStatus, rng: Random): string | null {
  switch (to) {
    case 'CONFIRMED':
      return 'payment authorized';
    case 'PAYMENT_FAILED':
      return rng.pick(PAYMENT_FAILURES);
    case 'REJECTED':
      return 'no store delivering to this address has every item in stock';
    case 'CANCELLED':
      return rng.pick(CANCEL_REASONS);
    case 'REFUNDED':
      return 'payment refunded';
    default:
      return null;
  }
}

/**
 * 1–8 lines the store carries with enough on hand. A rejected order has one line the store
 * cannot serve (the reason it was rejected). Older orders sometimes paid a price the catalog
 * has since changed: order items keep the price at order time.
 */
function pickItems(rng: Random, world: StoreWorld, storeIndex: number, rejected: boolean, old: boolean): OrderItemRecord[] {
  const { products, stock } = world;
  const lines = Math.min(products.length, rng.weighted([[1, 10], [2, 20], [3, 25], [4, 20], [5, 12], [6, 8], [8, 5]] as const));
  const chosen = new Set<number>();
  const items: OrderItemRecord[] = [];
  for (let attempt = 0; items.length < lines && attempt < lines * 200; attempt++) {
    const p = rng.int(0, products.length - 1);
    if (chosen.has(p)) continue;
    const quantity = rng.weighted([[1, 70], [2, 20], [3, 7], [4, 3]] as const);
    const level = stock.level(storeIndex, p);
    const wantMissing = rejected && items.length === 0;
    if (wantMissing ? level !== null && level >= quantity : level === null || level < quantity) continue;
    chosen.add(p);
    const product = products[p]!;
    const unitPriceCents = old && rng.chance(0.15) ? shelfPrice(product.priceCents * rng.float(0.9, 1.08)) : product.priceCents;
    items.push({ productId: product.id, quantity, unitPriceCents, currency: CURRENCY });
  }
  if (items.length === 0) {
    // Only reachable in a tiny test city where the store carries (almost) nothing.
    items.push({ productId: products[0]!.id, quantity: 1, unitPriceCents: products[0]!.priceCents, currency: CURRENCY });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Fulfillment, delivery and tracking records

function crossSubgraphRecords(orders: readonly BuiltOrder[]): { pickTasks: PickTaskRecord[]; deliveries: DeliveryRecord[] } {
  const pickTasks: PickTaskRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  const pickId = idMaker('pck', 4, orders.length);
  const deliveryId = idMaker('dlv', 4, orders.length);
  for (const o of orders) {
    const { record, at } = o;
    if (at.ASSIGNED_TO_STORE && record.storeId) {
      const createdAt = at.ASSIGNED_TO_STORE;
      const lines = record.items.length;
      pickTasks.push({
        id: pickId(pickTasks.length),
        orderId: record.id,
        customerId: record.customerId,
        storeId: record.storeId,
        status: at.PACKED ? 'PACKED' : at.PICKING ? 'PICKING' : at.CANCELLED ? 'CANCELLED' : 'QUEUED',
        // The 10–20 minute promise: ten minutes plus a minute and a half per line, at most twenty.
        promisedReadyAt: new Date(createdAt.getTime() + Math.min(20 * MINUTE, 10 * MINUTE + lines * 90_000)),
        startedAt: at.PICKING ?? null,
        packedAt: at.PACKED ?? null,
        createdAt,
      });
    }
    if (o.courierIndex === null) continue;
    const id = deliveryId(deliveries.length);
    const delivered = at.DELIVERED ?? null;
    deliveries.push({
      id,
      orderId: record.id,
      courierId: o.courierId,
      status: o.offered ? 'OFFERED' : delivered ? 'DELIVERED' : at.PICKED_UP ? 'PICKED_UP' : 'ASSIGNED',
      assignedAt: at.ASSIGNED_TO_COURIER ?? null,
      pickedUpAt: at.PICKED_UP ?? null,
      deliveredAt: delivered,
      proofOfDelivery: delivered ? proofFor(id) : null,
    });
  }
  return { pickTasks, deliveries };
}

/** Half the couriers photograph the doorstep, the other half type the customer's code. */
const proofFor = (deliveryId: string): string =>
  hash32(stringHash(deliveryId)) % 2 === 0
    ? `https://proofs.quickcommerce.example/${deliveryId}.jpg`
    : `code:${String(hash32(stringHash(deliveryId), 1) % 10_000).padStart(4, '0')}`;

/**
 * Sets each courier's status and load from their live delivery (OFFERED, BUSY, else IDLE or
 * OFFLINE) and places them: near their store when waiting, on the way when riding.
 */
function courierStateAndPositions(
  rng: Random,
  now: Date,
  couriers: CourierRecord[],
  stores: readonly StoreRecord[],
  orders: readonly BuiltOrder[],
): PositionRecord[] {
  const liveByCourier = new Map<number, BuiltOrder>();
  for (const o of orders) if (o.courierIndex !== null && LIVE.has(o.record.status)) liveByCourier.set(o.courierIndex, o);
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);

  return couriers.map((courier, i): PositionRecord => {
    const order = liveByCourier.get(i);
    const homeStore = courier.homeStoreId ? stores[indexOfId(courier.homeStoreId)]! : rng.pick(stores);
    const speed = SPEED[courier.vehicle];
    const position = (p: Point, heading: number | null, metresPerSecond: number | null, msAgo: number): PositionRecord => ({
      courierId: courier.id,
      lat: roundCoord(p.lat),
      lng: roundCoord(p.lng),
      heading: heading === null ? null : Math.round(heading) % 360,
      speed: metresPerSecond === null ? null : Math.round(metresPerSecond * 10) / 10,
      recordedAt: at(msAgo),
    });

    if (!order) {
      const status: CourierStatus = rng.chance(0.4) ? 'IDLE' : 'OFFLINE';
      courier.status = status;
      courier.currentLoad = 0;
      return status === 'IDLE'
        ? position(randomPointWithin(rng, homeStore, 600), null, 0, rng.int(1_000, 30_000))
        : position(randomPointWithin(rng, homeStore, 1_500), null, null, rng.int(1, 72) * HOUR + rng.int(0, HOUR));
    }

    const store = stores[order.storeIndex!]!;
    const address = order.record.address;
    courier.status = order.offered ? 'OFFERED' : 'BUSY';
    courier.currentLoad = order.offered ? 0 : 1;
    const reportedMsAgo = rng.int(1_000, 5_000);
    switch (order.record.status) {
      case 'ASSIGNED_TO_COURIER': {
        const start = randomPointWithin(rng, store, 1_500, 300);
        const here = interpolate(start, store, rng.float(0.3, 0.9));
        return position(here, bearingDegrees(here, store), speed * rng.float(0.7, 1.1), reportedMsAgo);
      }
      case 'PICKED_UP':
        return position(randomPointWithin(rng, store, 30), null, 0, reportedMsAgo);
      case 'IN_TRANSIT': {
        const here = interpolate(store, address, order.rideShare);
        return position(here, bearingDegrees(here, address), speed * rng.float(0.7, 1.1), reportedMsAgo);
      }
      default:
        return position(randomPointWithin(rng, store, 600), null, 0, reportedMsAgo);
    }
  });
}
