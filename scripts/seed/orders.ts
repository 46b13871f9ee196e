/**
 * The orders of the demo city, in every state of their life: who ordered what from which store,
 * which courier carries it, and the history of every status change with its time.
 */
import type { CityOptions } from './city';
import { CURRENCY, DAY, HOUR, idMaker, indexOfId, MINUTE, shelfPrice, SPEED } from './common';
import { distanceMeters } from './geo';
import { addressAt, pointInRadius, type Home } from './people';
import type { Random } from './random';
import { berlinClock, isOpenAt, type StockModel } from './stores';
import { HAPPY_PATH } from '../../subgraphs/orders/src/domain/order-progress';
import { ORDER_STATUSES as ALL_ORDER_STATUSES } from '../../subgraphs/orders/src/domain/order-status';
import type {
  AddressRecord,
  CourierRecord,
  CustomerRecord,
  NewOrderRecord,
  OrderItemRecord,
  OrderStatus,
  ProductRecord,
  StatusChangeRecord,
  StoreRecord,
} from './types';

/** The orders subgraph's own lists: the happy path, and every status (happy path first; one order of each). */
export { ALL_ORDER_STATUSES, HAPPY_PATH };

export interface StoreWorld {
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
export interface BuiltOrder {
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

export const LIVE: ReadonlySet<OrderStatus> = new Set(['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT']);
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

export function generateOrders(rng: Random, options: CityOptions, world: StoreWorld): BuiltOrder[] {
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
