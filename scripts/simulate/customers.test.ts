import { distanceMeters } from '../seed/geo';
import { Random } from '../seed/random';
import { customerIds, planOrder, type SimStore, type StockedProduct } from './customers';

const stores: SimStore[] = [
  { id: 'str_001', name: 'QC Mitte', location: { lat: 52.52, lng: 13.405 }, radiusMeters: 3000, capacity: 20, isOpen: true },
  { id: 'str_002', name: 'QC Moabit', location: { lat: 52.53, lng: 13.342 }, radiusMeters: 2000, capacity: 20, isOpen: true },
  { id: 'str_003', name: 'QC Empty', location: { lat: 52.5, lng: 13.3 }, radiusMeters: 2000, capacity: 20, isOpen: true },
];
const stock = new Map<string, StockedProduct[]>([
  ['str_001', Array.from({ length: 10 }, (_, i) => ({ productId: `prd_0000${i}`, free: 30 }))],
  ['str_002', [{ productId: 'prd_00100', free: 6 }, { productId: 'prd_00101', free: 3 }]],
  ['str_003', []],
]);

describe('simulator customers', () => {
  it('when the seed and index are the same, then the same order is planned', () => {
    const a = planOrder(new Random(7).fork('order:3'), 3, stores, stock, customerIds());
    const b = planOrder(new Random(7).fork('order:3'), 3, stores, stock, customerIds());
    expect(a).toEqual(b);
  });

  it('when orders are planned, then carts hold 1–6 distinct stocked products near a store with stock', () => {
    for (let i = 0; i < 300; i++) {
      const order = planOrder(new Random(11).fork(`order:${i}`), i, stores, stock, customerIds());
      const store = stores.find((s) => s.id === order.plannedStoreId)!;
      expect(store.id).not.toBe('str_003');
      expect(order.lines.length).toBeGreaterThanOrEqual(1);
      expect(order.lines.length).toBeLessThanOrEqual(6);
      expect(new Set(order.lines.map((l) => l.productId)).size).toBe(order.lines.length);
      const stocked = stock.get(store.id)!;
      for (const line of order.lines) {
        const product = stocked.find((p) => p.productId === line.productId)!;
        expect(line.quantity).toBeGreaterThanOrEqual(1);
        expect(line.quantity).toBeLessThanOrEqual(Math.max(1, Math.floor(product.free / 3)));
      }
      expect(distanceMeters(order.location, store.location)).toBeLessThanOrEqual(store.radiusMeters * 0.6 + 1);
      expect(order.customerId).toMatch(/^cus_\d{3}$/);
    }
  });

  it('when no store has stock, then planning refuses', () => {
    expect(() => planOrder(new Random(1), 0, [stores[2]!], stock, customerIds())).toThrow('no store with stocked products');
  });

  it('when customer ids are made, then they follow the seed: cus_001 …', () => {
    expect(customerIds(3)).toEqual(['cus_001', 'cus_002', 'cus_003']);
    expect(customerIds(1000)[0]).toBe('cus_0001');
  });
});
