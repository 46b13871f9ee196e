import type { StoreRecord } from '../data/types';
import { productAvailability } from './availability';

const store = (id: string): StoreRecord => ({
  id,
  name: id,
  lat: 0,
  lng: 0,
  address: '',
  deliveryRadiusMeters: 5000,
  capacity: 1,
  timezone: 'UTC',
  openingHours: [],
});

const stores = [
  { store: store('str_near'), distanceMeters: 120.4 },
  { store: store('str_mid'), distanceMeters: 980.6 },
  { store: store('str_far'), distanceMeters: 2500 },
];

describe('productAvailability', () => {
  it('when several covering stores hold free units, then the quantity is their sum and the stores come nearest first', () => {
    const free: Record<string, number> = { str_near: 3, str_mid: 0, str_far: 5 };
    const result = productAvailability('prd_1', stores, (id) => free[id] ?? 0, false);
    expect(result).toEqual({
      productId: 'prd_1',
      deliverable: true,
      quantity: 8,
      stores: [
        { store: stores[0]!.store, distanceMeters: 120, quantity: 3 },
        { store: stores[2]!.store, distanceMeters: 2500, quantity: 5 },
      ],
      stale: false,
    });
  });

  it('when no covering store has a free unit, then the product is not deliverable and lists no store', () => {
    expect(productAvailability('prd_1', stores, () => 0, true)).toEqual({ productId: 'prd_1', deliverable: false, quantity: 0, stores: [], stale: true });
  });

  it('when no store covers the location, then nothing is deliverable', () => {
    expect(productAvailability('prd_1', [], () => 10, false)).toMatchObject({ deliverable: false, quantity: 0, stores: [] });
  });

  it('when a number below zero comes in, then it counts as nothing rather than subtracting', () => {
    const free: Record<string, number> = { str_near: -2, str_mid: 4 };
    expect(productAvailability('prd_1', stores, (id) => free[id] ?? 0, false)).toMatchObject({ quantity: 4 });
  });
});
