import { DEFAULT_SEED, hash32, hashUnit, mulberry32, Random, stringHash } from './random';

const draw = (rng: Random, n: number) => Array.from({ length: n }, () => rng.next());

describe('mulberry32 and Random', () => {
  it('when two generators share a seed, then they produce the same sequence', () => {
    expect(draw(new Random(42), 50)).toEqual(draw(new Random(42), 50));
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect(Array.from({ length: 20 }, a)).toEqual(Array.from({ length: 20 }, b));
  });

  it('when the seeds differ, then the sequences differ', () => {
    expect(draw(new Random(1), 10)).not.toEqual(draw(new Random(2), 10));
  });

  it('when no seed is given, then the fixed default seed is used', () => {
    expect(new Random().seed).toBe(DEFAULT_SEED);
    expect(draw(new Random(), 5)).toEqual(draw(new Random(DEFAULT_SEED), 5));
  });

  it('when drawing floats, then every value is in [0, 1) and they spread over the range', () => {
    const values = draw(new Random(3), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('when drawing ints, then both bounds are reachable and nothing falls outside', () => {
    const rng = new Random(5);
    const values = Array.from({ length: 2_000 }, () => rng.int(-2, 3));
    expect(values.every(Number.isInteger)).toBe(true);
    expect([...new Set(values)].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(rng.int(4, 4)).toBe(4);
  });

  it('when the int range is inverted or fractional, then it throws', () => {
    expect(() => new Random().int(3, 2)).toThrow(RangeError);
    expect(() => new Random().int(0.5, 2)).toThrow(RangeError);
  });

  it('when drawing floats in a range, then they stay inside it', () => {
    const rng = new Random(9);
    const values = Array.from({ length: 1_000 }, () => rng.float(3.5, 5));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(3.5);
    expect(Math.max(...values)).toBeLessThan(5);
  });

  it('when picking, then the element comes from the list; an empty list throws', () => {
    const rng = new Random(11);
    const items = ['a', 'b', 'c'];
    const picked = new Set(Array.from({ length: 100 }, () => rng.pick(items)));
    expect([...picked].sort()).toEqual(items);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('when sampling, then the elements are distinct, from the list, and the input is untouched', () => {
    const rng = new Random(13);
    const items = Array.from({ length: 30 }, (_, i) => i);
    const sample = rng.sample(items, 10);
    expect(sample).toHaveLength(10);
    expect(new Set(sample).size).toBe(10);
    for (const v of sample) expect(items).toContain(v);
    expect(items).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(() => rng.sample(items, 31)).toThrow(RangeError);
    expect(rng.sample(items, 0)).toEqual([]);
  });

  it('when shuffling, then the result is a permutation of the input', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(17).shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
  });

  it('when picking by weight, then frequencies follow the weights and zero weights never win', () => {
    const rng = new Random(19);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) {
      counts[rng.weighted([['a', 1], ['b', 3], ['c', 0]] as const)]!++;
    }
    expect(counts.c).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.6);
    expect(counts.b! / counts.a!).toBeLessThan(3.4);
  });

  it('when weights are all zero or negative, then weighted throws', () => {
    expect(() => new Random().weighted([['a', 0]])).toThrow(RangeError);
    expect(() => new Random().weighted([['a', -1], ['b', 2]])).toThrow(RangeError);
  });

  it('when forking, then the stream depends on seed and label only, not on prior use', () => {
    const used = new Random(23);
    draw(used, 100);
    expect(draw(used.fork('stores'), 5)).toEqual(draw(new Random(23).fork('stores'), 5));
    expect(draw(new Random(23).fork('stores'), 5)).not.toEqual(draw(new Random(23).fork('couriers'), 5));
  });
});

describe('hash32', () => {
  it('when called with the same inputs, then it returns the same unsigned 32-bit value', () => {
    expect(hash32(1, 2, 3, 4)).toBe(hash32(1, 2, 3, 4));
    expect(hash32(1, 2, 3, 4)).toBeGreaterThanOrEqual(0);
    expect(hash32(1, 2, 3, 4)).toBeLessThan(2 ** 32);
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
  });

  it('when scaled to a unit, then values are in [0, 1) and roughly uniform', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => hashUnit(99, i, 7));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const below = values.filter((u) => u < 0.3).length;
    expect(below / 10_000).toBeGreaterThan(0.27);
    expect(below / 10_000).toBeLessThan(0.33);
  });

  it('when hashing strings, then equal strings agree and different ones differ', () => {
    expect(stringHash('stock')).toBe(stringHash('stock'));
    expect(stringHash('stock')).not.toBe(stringHash('stocks'));
  });
});
