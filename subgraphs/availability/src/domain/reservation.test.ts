import type { StoreRecord } from '../data/types';
import type { StoreAtDistance } from './coverage';
import {
  consumptionPlan,
  DEFAULT_TTL_SECONDS,
  releaseSteps,
  reservedAfterEachShare,
  shortItems,
  storesHoldingAll,
  validateRelease,
  validateReserveRequest,
  type ReserveRequestInput,
} from './reservation';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'valid';
  } catch (error) {
    return (error as { extensions?: { code?: string; field?: string } }).extensions;
  }
};

const input: ReserveRequestInput = {
  orderId: 'ord_1',
  location: { lat: 52.5, lng: 13.4 },
  items: [
    { productId: 'prd_b', quantity: 2 },
    { productId: 'prd_a', quantity: 1 },
  ],
};

const at = (id: string, distanceMeters: number): StoreAtDistance => ({
  store: { id, name: id, lat: 0, lng: 0, address: '', deliveryRadiusMeters: 5000, capacity: 10, timezone: 'UTC', openingHours: [] } satisfies StoreRecord,
  distanceMeters,
});

describe('validateReserveRequest', () => {
  it('when the request is sound, then the lines come sorted by product (the lock order) and the ttl defaults to 10 minutes', () => {
    expect(validateReserveRequest(input)).toEqual({
      orderId: 'ord_1',
      location: { lat: 52.5, lng: 13.4 },
      items: [
        { productId: 'prd_a', quantity: 1 },
        { productId: 'prd_b', quantity: 2 },
      ],
      ttlSeconds: DEFAULT_TTL_SECONDS,
    });
    expect(DEFAULT_TTL_SECONDS).toBe(600);
  });

  it.each([
    ['no lines', { items: [] }, 'items'],
    ['101 lines', { items: Array.from({ length: 101 }, (_, i) => ({ productId: `prd_${i}`, quantity: 1 })) }, 'items'],
    ['a product twice', { items: [{ productId: 'prd_a', quantity: 1 }, { productId: 'prd_a', quantity: 2 }] }, 'items.1.productId'],
    ['a quantity of 0', { items: [{ productId: 'prd_a', quantity: 0 }] }, 'items.0.quantity'],
    ['a fractional quantity', { items: [{ productId: 'prd_a', quantity: 1.5 }] }, 'items.0.quantity'],
    ['a quantity over 1,000', { items: [{ productId: 'prd_a', quantity: 1001 }] }, 'items.0.quantity'],
    ['a blank product id', { items: [{ productId: ' ', quantity: 1 }] }, 'items.0.productId'],
    ['a blank order id', { orderId: '' }, 'orderId'],
    ['a ttl of 0', { ttlSeconds: 0 }, 'ttlSeconds'],
    ['a ttl over an hour', { ttlSeconds: 3601 }, 'ttlSeconds'],
    ['a longitude off the Earth', { location: { lat: 0, lng: 181 } }, 'location.lng'],
  ])('when it has %s, then it is BAD_USER_INPUT on %s', (_what, change, field) => {
    expect(codeOf(() => validateReserveRequest({ ...input, ...change }))).toEqual({ code: 'BAD_USER_INPUT', field: field as string });
  });
});

describe('validateRelease', () => {
  it('when the reason has spaces around it, then it is trimmed; blank or over 500 characters is BAD_USER_INPUT', () => {
    expect(validateRelease('ord_1', '  card declined ')).toBe('card declined');
    expect(codeOf(() => validateRelease('ord_1', '  '))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(codeOf(() => validateRelease('ord_1', 'x'.repeat(501)))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(codeOf(() => validateRelease('', 'why'))).toEqual({ code: 'BAD_USER_INPUT', field: 'orderId' });
  });
});

describe('storesHoldingAll and shortItems', () => {
  const stores = [at('str_near', 100), at('str_mid', 800), at('str_far', 2000)];
  const free: Record<string, Record<string, number>> = {
    str_near: { prd_a: 5, prd_b: 1 },
    str_mid: { prd_a: 0, prd_b: 9 },
    str_far: { prd_a: 2, prd_b: 3 },
  };
  const units = (storeId: string, productId: string) => free[storeId]?.[productId] ?? 0;

  it('when only some stores have every line in full, then exactly those are candidates, order kept', () => {
    const items = [
      { productId: 'prd_a', quantity: 2 },
      { productId: 'prd_b', quantity: 1 },
    ];
    expect(storesHoldingAll(stores, items, units).map((s) => s.store.id)).toEqual(['str_near', 'str_far']);
  });

  it('when an item is short everywhere, then only it is listed, with the most free units in any one store', () => {
    const items = [
      { productId: 'prd_a', quantity: 6 },
      { productId: 'prd_b', quantity: 2 },
    ];
    expect(storesHoldingAll(stores, items, units)).toEqual([]);
    expect(shortItems(stores, items, units)).toEqual([{ productId: 'prd_a', requested: 6, available: 5 }]);
  });

  it('when every item is free somewhere but never all in one store, then every item is listed', () => {
    const items = [
      { productId: 'prd_a', quantity: 4 },
      { productId: 'prd_b', quantity: 5 },
    ];
    expect(storesHoldingAll(stores, items, units)).toEqual([]);
    expect(shortItems(stores, items, units)).toEqual([
      { productId: 'prd_a', requested: 4, available: 5 },
      { productId: 'prd_b', requested: 5, available: 9 },
    ]);
  });

  it('when a product is unknown to every store, then it is short with 0 available', () => {
    expect(shortItems(stores, [{ productId: 'prd_ghost', quantity: 1 }], units)).toEqual([{ productId: 'prd_ghost', requested: 1, available: 0 }]);
  });
});

describe('releaseSteps', () => {
  it('when several reservations share stock rows, then there is one step per row, sorted by store then product, with every share', () => {
    const steps = releaseSteps([
      { reservationId: 'res_1', storeId: 'str_b', productId: 'prd_x', quantity: 1 },
      { reservationId: 'res_1', storeId: 'str_b', productId: 'prd_a', quantity: 2 },
      { reservationId: 'res_2', storeId: 'str_a', productId: 'prd_z', quantity: 3 },
      { reservationId: 'res_3', storeId: 'str_b', productId: 'prd_a', quantity: 4 },
    ]);
    expect(steps).toEqual([
      { storeId: 'str_a', productId: 'prd_z', quantity: 3, shares: [{ reservationId: 'res_2', quantity: 3 }] },
      { storeId: 'str_b', productId: 'prd_a', quantity: 6, shares: [{ reservationId: 'res_1', quantity: 2 }, { reservationId: 'res_3', quantity: 4 }] },
      { storeId: 'str_b', productId: 'prd_x', quantity: 1, shares: [{ reservationId: 'res_1', quantity: 1 }] },
    ]);
  });

  it('when a step is applied at once, then each share reads as if applied one after another', () => {
    const step = { storeId: 's', productId: 'p', quantity: 6, shares: [{ reservationId: 'r1', quantity: 2 }, { reservationId: 'r2', quantity: 4 }] };
    // 10 reserved before, 4 after the whole step: 8 after r1, then 4 after r2.
    expect(reservedAfterEachShare(step, 4)).toEqual([8, 4]);
  });
});

describe('consumptionPlan', () => {
  const held = [
    { productId: 'prd_b', quantity: 2 },
    { productId: 'prd_a', quantity: 3 },
  ];

  it('when everything held was packed, then every line is packed in full', () => {
    expect(consumptionPlan(held, held)).toEqual({
      lines: [
        { productId: 'prd_a', reserved: 3, packed: 3 },
        { productId: 'prd_b', reserved: 2, packed: 2 },
      ],
      surplus: [],
    });
  });

  it('when an item is missing or short in the bag, then only what is in the bag is packed; the rest is released', () => {
    expect(consumptionPlan(held, [{ productId: 'prd_a', quantity: 1 }]).lines).toEqual([
      { productId: 'prd_a', reserved: 3, packed: 1 },
      { productId: 'prd_b', reserved: 2, packed: 0 },
    ]);
  });

  it('when the bag is empty, then nothing is packed and everything is released', () => {
    expect(consumptionPlan(held, []).lines.every((line) => line.packed === 0)).toBe(true);
  });

  it('when more is packed than held, or something never held, then packing takes the held amount and reports the surplus', () => {
    const plan = consumptionPlan(held, [
      { productId: 'prd_a', quantity: 5 },
      { productId: 'prd_new', quantity: 1 },
    ]);
    expect(plan.lines[0]).toEqual({ productId: 'prd_a', reserved: 3, packed: 3 });
    expect(plan.surplus).toEqual([
      { productId: 'prd_a', quantity: 2 },
      { productId: 'prd_new', quantity: 1 },
    ]);
  });
});
