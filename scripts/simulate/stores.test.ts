import { Random } from '../seed/random';
import { missingPlan, packSeconds, pickersFor, pickSeconds, startDelaySeconds } from './stores';

const lines = [
  { productId: 'prd_00001', quantity: 2 },
  { productId: 'prd_00002', quantity: 1 },
  { productId: 'prd_00003', quantity: 3 },
];

describe('simulator store bots', () => {
  it('when nothing is to go missing, then no line is reported missing', () => {
    expect(missingPlan(lines, new Random(1), 0)).toEqual([]);
  });

  it('when every line may go missing, then never every unit does: the bag always holds something', () => {
    for (let seed = 0; seed < 200; seed++) {
      const missing = missingPlan(lines, new Random(seed), 1);
      const units = missing.reduce((s, l) => s + l.quantity, 0);
      expect(units).toBeLessThan(6);
      for (const m of missing) {
        const line = lines.find((l) => l.productId === m.productId)!;
        expect(m.quantity).toBeGreaterThanOrEqual(1);
        expect(m.quantity).toBeLessThanOrEqual(line.quantity);
      }
    }
    expect(missingPlan([{ productId: 'prd_00001', quantity: 1 }], new Random(3), 1)).toEqual([]);
  });

  it('when the seed is the same, then the same lines go missing', () => {
    expect(missingPlan(lines, new Random(42), 0.5)).toEqual(missingPlan(lines, new Random(42), 0.5));
  });

  it('when a cart is bigger, then picking takes longer, within the store\'s realistic range', () => {
    const small = pickSeconds([{ productId: 'a', quantity: 1 }], new Random(5));
    const big = pickSeconds(lines, new Random(5));
    expect(big).toBeGreaterThan(small);
    expect(small).toBeGreaterThanOrEqual(71 * 0.8);
    expect(big).toBeLessThanOrEqual((45 + 60 + 36) * 1.3);
    const rng = new Random(9);
    for (let i = 0; i < 50; i++) {
      expect(startDelaySeconds(rng)).toBeGreaterThanOrEqual(15);
      expect(packSeconds(rng)).toBeLessThan(75);
    }
  });

  it('when a store is bigger, then more pickers work at once, from 2 to 4', () => {
    expect(pickersFor(10)).toBe(2);
    expect(pickersFor(20)).toBe(3);
    expect(pickersFor(40)).toBe(4);
  });
});
