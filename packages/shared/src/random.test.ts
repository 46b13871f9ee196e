import { mulberry32, randomHex } from './random';

describe('randomHex', () => {
  it('gives the number of bytes asked for, as lowercase hex, and never the same bytes twice across pool refills', () => {
    const seen = new Set<string>();
    // 3,000 × 12 bytes crosses the 4 KiB pool's refill eight times, with a remainder each time.
    for (let i = 0; i < 3_000; i += 1) {
      const hex = randomHex(12);
      expect(hex).toMatch(/^[0-9a-f]{24}$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(3_000);
    expect(randomHex(16)).toHaveLength(32);
    expect(randomHex(4096)).toHaveLength(8192);
  });

  it('refuses more than the pool holds at once', () => {
    expect(() => randomHex(4097)).toThrow(RangeError);
  });
});

describe('mulberry32', () => {
  it('is the same sequence for the same seed, in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 100 }, () => a());
    expect(values).toEqual(Array.from({ length: 100 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(values[0]);
  });
});
