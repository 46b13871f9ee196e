import {
  ACTIVE_DELIVERY_STATUSES,
  ALL_ORDER_STATUSES,
  berlinClock,
  DEFAULT_CITY_OPTIONS,
  generateCity,
  isOpenAt,
  resolveCityOptions,
  validateCityOptions,
  type City,
} from './city';
import { distanceMeters } from './geo';
import { CITY_CENTRE } from './places';
import type { OrderStatus, StoreRecord } from './types';

const NOW = new Date('2026-11-22T17:30:00.000Z');

/** The order's state machine from domain.md, as edges. */
const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['CONFIRMED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED'],
  CONFIRMED: ['ASSIGNED_TO_STORE', 'CANCELLED'],
  ASSIGNED_TO_STORE: ['PICKING', 'CANCELLED'],
  PICKING: ['PACKED'],
  PACKED: ['ASSIGNED_TO_COURIER'],
  ASSIGNED_TO_COURIER: ['PICKED_UP'],
  PICKED_UP: ['IN_TRANSIT'],
  IN_TRANSIT: ['DELIVERED'],
  DELIVERED: [],
  PAYMENT_FAILED: [],
  REJECTED: [],
  CANCELLED: ['REFUNDED'],
  REFUNDED: [],
};

const COURIER_STAGES = new Set<OrderStatus>(['ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((item) => [item.id, item]));
const unique = (values: readonly unknown[]) => new Set(values).size === values.length;

/** Every cross-record rule the generator promises, checked on any city. */
function expectConsistent(city: City) {
  const now = city.options.now.getTime();
  const stores = byId(city.stores);
  const products = byId(city.products);
  const couriers = byId(city.couriers);
  const customers = byId(city.customers);
  const categories = byId(city.categories);

  for (const list of [city.categories, city.products, city.stores, city.couriers, city.customers, city.orders, city.pickTasks, city.deliveries]) {
    expect(unique(list.map((r) => r.id))).toBe(true);
  }
  expect(unique(city.products.map((p) => p.sku))).toBe(true);
  expect(unique(city.products.map((p) => p.name))).toBe(true);
  expect(unique(city.customers.map((c) => c.email))).toBe(true);
  for (const p of city.products) {
    expect(categories.has(p.categoryId)).toBe(true);
    expect(Number.isInteger(p.priceCents) && p.priceCents > 0).toBe(true);
  }

  for (const order of city.orders) {
    expect(customers.has(order.customerId)).toBe(true);
    expect(order.items.length).toBeGreaterThan(0);
    expect(unique(order.items.map((i) => i.productId))).toBe(true);
    for (const item of order.items) {
      expect(products.has(item.productId)).toBe(true);
      expect(item.quantity).toBeGreaterThan(0);
    }
    expect(order.totalCents).toBe(order.items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0));

    if (order.status === 'REJECTED' || order.status === 'PAYMENT_FAILED') {
      expect(order.storeId).toBeNull();
    } else {
      const store = stores.get(order.storeId!)!;
      expect(store).toBeDefined();
      expect(distanceMeters(store, order.address)).toBeLessThanOrEqual(store.deliveryRadiusMeters);
      for (const item of order.items) {
        const onHand = city.onHand(store.id, item.productId);
        expect(onHand).not.toBeNull();
        expect(onHand!).toBeGreaterThanOrEqual(item.quantity);
      }
    }

    const h = order.history;
    expect(h[0]).toMatchObject({ from: null, to: 'PENDING', actor: order.customerId });
    expect(h[0]!.at.getTime()).toBe(order.placedAt.getTime());
    expect(h[h.length - 1]!.to).toBe(order.status);
    expect(order.updatedAt.getTime()).toBe(h[h.length - 1]!.at.getTime());
    expect(order.updatedAt.getTime()).toBeLessThanOrEqual(now);
    for (let k = 1; k < h.length; k++) {
      expect(h[k]!.from).toBe(h[k - 1]!.to);
      expect(ALLOWED[h[k - 1]!.to]).toContain(h[k]!.to);
      expect(h[k]!.at.getTime()).toBeGreaterThan(h[k - 1]!.at.getTime());
      expect(h[k]!.actor).toBeTruthy();
    }
  }

  const ordersById = byId(city.orders);
  const reachedStore = city.orders.filter((o) => o.history.some((h) => h.to === 'ASSIGNED_TO_STORE'));
  expect(city.pickTasks.map((t) => t.orderId).sort()).toEqual(reachedStore.map((o) => o.id).sort());
  for (const task of city.pickTasks) {
    const order = ordersById.get(task.orderId)!;
    expect(task.storeId).toBe(order.storeId);
    const expected = order.history.some((h) => h.to === 'PACKED')
      ? 'PACKED'
      : order.status === 'PICKING'
        ? 'PICKING'
        : order.status === 'CANCELLED' || order.status === 'REFUNDED'
          ? 'CANCELLED'
          : 'QUEUED';
    expect(task.status).toBe(expected);
    expect(task.promisedReadyAt.getTime() - task.createdAt.getTime()).toBeGreaterThanOrEqual(10 * 60_000);
    expect(task.promisedReadyAt.getTime() - task.createdAt.getTime()).toBeLessThanOrEqual(20 * 60_000);
    if (task.startedAt) expect(task.startedAt.getTime()).toBeGreaterThan(task.createdAt.getTime());
    if (task.packedAt) expect(task.packedAt.getTime()).toBeGreaterThan(task.startedAt!.getTime());
  }

  const deliveriesByOrder = new Map(city.deliveries.map((d) => [d.orderId, d]));
  expect(deliveriesByOrder.size).toBe(city.deliveries.length);
  for (const order of city.orders) {
    const delivery = deliveriesByOrder.get(order.id);
    if (COURIER_STAGES.has(order.status)) {
      expect(delivery).toBeDefined();
      expect(couriers.has(delivery!.courierId!)).toBe(true);
      const assigned = order.history.find((h) => h.to === 'ASSIGNED_TO_COURIER')!;
      expect(assigned.actor).toBe(delivery!.courierId);
      expect(delivery!.assignedAt!.getTime()).toBe(assigned.at.getTime());
      const expected = order.status === 'DELIVERED' ? 'DELIVERED' : order.status === 'ASSIGNED_TO_COURIER' ? 'ASSIGNED' : 'PICKED_UP';
      expect(delivery!.status).toBe(expected);
      expect(delivery!.proofOfDelivery !== null).toBe(order.status === 'DELIVERED');
    } else if (delivery) {
      // Only a packed order can have an open offer before a courier accepted it.
      expect(order.status).toBe('PACKED');
      expect(delivery.status).toBe('OFFERED');
    }
  }

  // Delivery decides who sees an order's delivery from its dispatch job (the customer is on it):
  // every delivery, finished or not, has its order's job, with that order's customer.
  const jobs = new Map(city.dispatchJobs.map((j) => [j.orderId, j]));
  for (const delivery of city.deliveries) {
    const job = jobs.get(delivery.orderId);
    expect(job).toBeDefined();
    expect(job!.deliveryId).toBe(delivery.id);
    expect(ordersById.get(delivery.orderId)!.storeId).toBe(job!.storeId);
  }
  for (const job of city.dispatchJobs) {
    const order = ordersById.get(job.orderId)!;
    const waiting = ['WAITING', 'OFFERED'].includes(job.status);
    expect(waiting).toBe(['CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED'].includes(order.status));
    if (job.status === 'CANCELLED') expect(['CANCELLED', 'REFUNDED']).toContain(order.status);
  }

  const active = city.deliveries.filter((d) => ACTIVE_DELIVERY_STATUSES.has(d.status));
  expect(unique(active.map((d) => d.courierId))).toBe(true);
  const activeByCourier = new Map(active.map((d) => [d.courierId!, d]));
  for (const courier of city.couriers) {
    const delivery = activeByCourier.get(courier.id);
    if (!delivery) expect(['IDLE', 'OFFLINE']).toContain(courier.status);
    else expect(courier.status).toBe(delivery.status === 'OFFERED' ? 'OFFERED' : 'BUSY');
    expect(courier.currentLoad).toBe(delivery && delivery.status !== 'OFFERED' ? 1 : 0);
    expect(courier.rating).toBeGreaterThanOrEqual(3.5);
    expect(courier.rating).toBeLessThanOrEqual(5);
    if (courier.homeStoreId) expect(stores.has(courier.homeStoreId)).toBe(true);
  }

  expect(city.positions.map((p) => p.courierId)).toEqual(city.couriers.map((c) => c.id));
  for (const position of city.positions) expect(position.recordedAt.getTime()).toBeLessThanOrEqual(now);
}

describe('generateCity with the default options', () => {
  let city: City;
  beforeAll(() => {
    city = generateCity({ now: NOW });
  });

  it('when generated twice with the same seed, then the cities are identical', () => {
    const again = generateCity({ now: NOW });
    const { stockFor: _a, stock: _b, stockRowCount: _c, onHand: _d, ...data } = city;
    const { stockFor: _e, stock: _f, stockRowCount: _g, onHand: _h, ...dataAgain } = again;
    expect(dataAgain).toEqual(data);
    expect([...again.stockFor(7)]).toEqual([...city.stockFor(7)]);
  });

  it('when the seed changes, then the city changes', () => {
    const other = generateCity({ now: NOW, seed: 1 });
    expect(other.stores.map((s) => s.lat)).not.toEqual(city.stores.map((s) => s.lat));
    expect(other.products.map((p) => p.priceCents)).not.toEqual(city.products.map((p) => p.priceCents));
  });

  it('when counted, then it has the promised sizes', () => {
    expect(city.categories.length).toBeGreaterThanOrEqual(20);
    expect(city.stores).toHaveLength(DEFAULT_CITY_OPTIONS.stores);
    expect(city.stores.length).toBeGreaterThanOrEqual(50);
    expect(city.products).toHaveLength(DEFAULT_CITY_OPTIONS.products);
    expect(city.products.length).toBeGreaterThanOrEqual(2_000);
    expect(city.couriers).toHaveLength(DEFAULT_CITY_OPTIONS.couriers);
    expect(city.couriers.length).toBeGreaterThanOrEqual(200);
    expect(city.customers).toHaveLength(100);
    expect(city.orders).toHaveLength(120);
  });

  it('when ids are read, then they have readable, zero-padded prefixes', () => {
    expect(city.products[0]!.id).toBe('prd_00001');
    expect(city.stores[0]!.id).toBe('str_001');
    expect(city.couriers[0]!.id).toBe('cou_001');
    expect(city.customers[0]!.id).toBe('cus_001');
    expect(city.orders[0]!.id).toBe('ord_0001');
    expect(city.pickTasks[0]!.id).toBe('pck_0001');
    expect(city.deliveries[0]!.id).toBe('dlv_0001');
    expect(city.categories.every((c) => c.id.startsWith('cat_'))).toBe(true);
  });

  it('when the catalog is searched by name, then the everyday items are there', () => {
    const names = city.products.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Bananas', 'Margherita Pizza', 'Organic Whole Milk 1 L', 'Sparkling Water 6×1.5 L', 'Döner Kebab']));
    for (const word of [/pizza/i, /banana/i, /soda/i, /kebab/i, /cola/i]) expect(names.some((n) => word.test(n))).toBe(true);
    const tags = new Set(city.products.flatMap((p) => p.tags));
    for (const tag of ['vegan', 'vegetarian', 'organic', 'gluten-free', 'lactose-free']) expect(tags).toContain(tag);
    expect(city.products.every((p) => p.description.length > 20 && p.currency === 'EUR')).toBe(true);
    expect(city.products.every((p) => /^[A-Z]{3}-\d{5}$/.test(p.sku))).toBe(true);
  });

  it('when prices are compared by category, then they are shelf prices that differ by category', () => {
    const average = (slug: string) => {
      const ps = city.products.filter((p) => p.categoryId === `cat_${slug}`);
      return ps.reduce((s, p) => s + p.priceCents, 0) / ps.length;
    };
    expect(city.products.every((p) => p.priceCents % 10 === 9)).toBe(true);
    expect(average('coffee_tea')).toBeGreaterThan(average('fruit'));
    expect(average('meat_poultry')).toBeGreaterThan(average('vegetables'));
  });

  it('when stores are placed, then they spread around Berlin with sane radius, capacity and hours', () => {
    for (const store of city.stores) {
      expect(distanceMeters(CITY_CENTRE, store)).toBeLessThanOrEqual(12_500);
      expect(store.deliveryRadiusMeters).toBeGreaterThanOrEqual(2_000);
      expect(store.deliveryRadiusMeters).toBeLessThanOrEqual(4_000);
      expect(store.capacity).toBeGreaterThanOrEqual(10);
      expect(store.capacity).toBeLessThanOrEqual(40);
      expect(store.timezone).toBe('Europe/Berlin');
      expect(store.address).toMatch(/^.+ \d+, \d{5} .+$/);
    }
    const hours = (s: StoreRecord) => s.openingHours.map((h) => `${h.dayOfWeek} ${h.opens}-${h.closes}`).join(',');
    const standard = city.stores.filter((s) => s.openingHours.length === 7 && s.openingHours.every((h) => h.opens === '07:00' && h.closes === '23:00'));
    expect(standard.length).toBeGreaterThan(city.stores.length / 2);
    expect(city.stores.some((s) => hours(s).includes('00:00-23:59') && s.openingHours.length === 7)).toBe(true);
    expect(city.stores.some((s) => s.openingHours.every((h) => h.opens === '18:00' && h.closes === '02:00'))).toBe(true);
    expect(city.stores.some((s) => !s.openingHours.some((h) => h.dayOfWeek === 0))).toBe(true);
    const spread = Math.max(...city.stores.map((s) => distanceMeters(CITY_CENTRE, s)));
    expect(spread).toBeGreaterThan(8_000);
  });

  it('when stock is streamed, then each store carries 60–90% of products with 0–60 on hand', () => {
    for (const s of [0, 17, 59]) {
      const rows = [...city.stockFor(s)];
      const share = rows.length / city.products.length;
      expect(share).toBeGreaterThan(0.55);
      expect(share).toBeLessThan(0.95);
      const odd = rows.filter(
        (r) => r.storeId !== city.stores[s]!.id || r.onHand < 0 || r.onHand > 60 || r.reserved !== 0 || city.onHand(r.storeId, r.productId) !== r.onHand,
      );
      expect(odd).toEqual([]);
      expect(rows.some((r) => r.onHand === 0)).toBe(true);
      expect(rows.some((r) => r.onHand === 60)).toBe(true);
    }
    let count = 0;
    for (const _row of city.stock()) count++;
    expect(count).toBe(city.stockRowCount());
  });

  it('when orders are generated, then every status of the order life appears', () => {
    expect(new Set(city.orders.map((o) => o.status))).toEqual(new Set(ALL_ORDER_STATUSES));
  });

  it('when the records are cross-checked, then items, addresses, histories, tasks, deliveries and couriers agree', () => {
    expectConsistent(city);
  });

  it('when live orders are read, then they were placed within the last hour and past ones before', () => {
    const live = city.orders.filter((o) => !['DELIVERED', 'PAYMENT_FAILED', 'REJECTED', 'CANCELLED', 'REFUNDED'].includes(o.status));
    expect(live.length).toBeGreaterThan(0);
    for (const o of live) expect(NOW.getTime() - o.placedAt.getTime()).toBeLessThan(60 * 60_000);
    for (const o of city.orders.filter((o) => o.status === 'DELIVERED')) {
      expect(NOW.getTime() - o.updatedAt.getTime()).toBeGreaterThan(60 * 60_000);
      expect(NOW.getTime() - o.placedAt.getTime()).toBeLessThan(15 * 24 * 60 * 60_000);
    }
  });

  it('when the demo identities are used, then they meet: cus_001 has an order in transit with cou_001 from str_001', () => {
    const order = city.orders.find((o) => o.customerId === 'cus_001' && o.status === 'IN_TRANSIT')!;
    expect(order.storeId).toBe('str_001');
    expect(city.deliveries.find((d) => d.orderId === order.id)!.courierId).toBe('cou_001');
    const queue = city.pickTasks.filter((t) => t.storeId === 'str_001').map((t) => t.status);
    expect(queue).toEqual(expect.arrayContaining(['QUEUED', 'PICKING', 'PACKED']));
  });

  it('when couriers are read, then most are idle or offline and each has a position near the city', () => {
    const waiting = city.couriers.filter((c) => c.status === 'IDLE' || c.status === 'OFFLINE');
    expect(waiting.length).toBeGreaterThan(city.couriers.length * 0.7);
    const vehicles = new Set(city.couriers.map((c) => c.vehicle));
    expect(vehicles).toEqual(new Set(['BICYCLE', 'E_BIKE', 'SCOOTER', 'CAR']));
    for (const p of city.positions) expect(distanceMeters(CITY_CENTRE, p)).toBeLessThan(17_000);
  });
});

describe('generateCity with other options', () => {
  it('when the city is tiny and has no couriers, then orders wait packed and the rules still hold', () => {
    const city = generateCity({ now: NOW, stores: 1, products: 8, couriers: 0, customers: 2, orders: 40, seed: 5 });
    expect(city.categories.length).toBeGreaterThanOrEqual(20);
    expect(city.deliveries).toEqual([]);
    expect(city.orders.some((o) => COURIER_STAGES.has(o.status))).toBe(false);
    expectConsistent(city);
  });

  it.each([1, 2, 3, 99])('when seed %i builds a small city, then the rules hold', (seed) => {
    expectConsistent(generateCity({ now: NOW, seed, stores: 8, products: 300, couriers: 12, customers: 20, orders: 60 }));
  });

  it('when the network is large, then stock streams lazily and stores spread wider', () => {
    const city = generateCity({ now: NOW, stores: 1_000, products: 5_000, couriers: 10, customers: 10, orders: 10 });
    const rows = city.stockFor(999);
    const first = rows.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ storeId: 'str_1000' });
    expect(city.stores[0]!.id).toBe('str_0001');
    const total = city.stockRowCount();
    expect(total).toBeGreaterThan(1_000 * 5_000 * 0.65);
    expect(total).toBeLessThan(1_000 * 5_000 * 0.85);
    expect(Math.max(...city.stores.map((s) => distanceMeters(CITY_CENTRE, s)))).toBeGreaterThan(20_000);
  });

  it('when the catalog outgrows the word lists, then names stay unique', () => {
    const city = generateCity({ now: NOW, stores: 1, products: 60_000, couriers: 0, customers: 1, orders: 0 });
    expect(new Set(city.products.map((p) => p.name)).size).toBe(60_000);
  });
});

describe('options', () => {
  it('when options are out of range or not integers, then every problem is named', () => {
    const problems = validateCityOptions({ stores: 0, products: 1.5, couriers: -1, seed: 2 ** 33 });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/seed.*stores.*products.*couriers/s);
    expect(() => resolveCityOptions({ orders: -3 })).toThrow(/orders must be an integer/);
  });

  it('when options are left out or undefined, then the defaults apply', () => {
    expect(resolveCityOptions({ stores: undefined, orders: 5 })).toEqual({ ...DEFAULT_CITY_OPTIONS, orders: 5 });
  });
});

describe('opening hours', () => {
  const store = (opens: string, closes: string, days = [0, 1, 2, 3, 4, 5, 6]): StoreRecord => ({
    id: 'str_001',
    name: 'QC Test',
    lat: 52.52,
    lng: 13.405,
    address: 'Torstraße 1, 10117 Berlin',
    deliveryRadiusMeters: 3_000,
    capacity: 20,
    timezone: 'Europe/Berlin',
    openingHours: days.map((dayOfWeek) => ({ dayOfWeek, opens, closes })),
  });
  const sundayNight = new Date('2026-11-22T02:00:00Z'); // Sunday 03:00 in Berlin
  const sundayNoon = new Date('2026-11-22T11:00:00Z'); // Sunday 12:00
  const mondayAfterMidnight = new Date('2026-11-23T00:30:00Z'); // Monday 01:30

  it('when asked for the Berlin clock, then it converts from UTC', () => {
    expect(berlinClock(sundayNight)).toEqual({ dayOfWeek: 0, minutes: 180 });
  });

  it('when a store is open round the clock, then it is open at night', () => {
    expect(isOpenAt(store('00:00', '23:59'), sundayNight)).toBe(true);
  });

  it('when a store keeps day hours, then it is closed at night and open at noon', () => {
    expect(isOpenAt(store('07:00', '23:00'), sundayNight)).toBe(false);
    expect(isOpenAt(store('07:00', '23:00'), sundayNoon)).toBe(true);
  });

  it('when a store opens overnight, then it is open after midnight and closed at noon', () => {
    expect(isOpenAt(store('18:00', '02:00'), mondayAfterMidnight)).toBe(true);
    expect(isOpenAt(store('18:00', '02:00'), sundayNoon)).toBe(false);
  });

  it('when a store is closed on Sundays, then Sunday noon finds it closed', () => {
    expect(isOpenAt(store('07:00', '23:00', [1, 2, 3, 4, 5, 6]), sundayNoon)).toBe(false);
  });
});
