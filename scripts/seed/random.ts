import { mulberry32 } from '@qc/shared';

/**
 * Seeded randomness for the demo data: the same seed always yields the same city, on any machine.
 * `Math.random` is never used by the seed.
 */

/** The seed used when none is given; any 32-bit integer works. */
export const DEFAULT_SEED = 20261122;

export { mulberry32 };

// Inside jest's vm sandbox every `Math.…` lookup takes the slow global path (about 30× slower in
// the stock loop); a module-level alias avoids it and costs nothing under plain node.
const imul = Math.imul;

/**
 * A stateless 32-bit hash of up to four integers (murmur3 mixing). Fixed arity so the hot path
 * (one call per store × product when streaming stock) allocates nothing.
 */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = 0x9747b28c;
  h = mixInto(h, a);
  h = mixInto(h, b);
  h = mixInto(h, c);
  h = mixInto(h, d);
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixInto(h: number, value: number): number {
  let k = imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (imul(h, 5) + 0xe6546b64) | 0;
}

/** `hash32` scaled to [0, 1). */
export const hashUnit = (a: number, b = 0, c = 0, d = 0): number => hash32(a, b, c, d) / 4294967296;

/** FNV-1a of a string, for turning labels into seeds. */
export function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded random source with the helpers the generator needs. */
export class Random {
  private readonly nextFloat: () => number;

  constructor(readonly seed: number = DEFAULT_SEED) {
    this.nextFloat = mulberry32(seed);
  }

  /**
   * An independent stream named `label`. It depends on the seed and the label only, not on how much
   * of this stream was used, so adding products does not reshuffle the stores.
   */
  fork(label: string): Random {
    return new Random(hash32(this.seed, stringHash(label)));
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextFloat();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min > max) {
      throw new RangeError(`int(${min}, ${max}): need integers with min ≤ max`);
    }
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    if (!(min <= max)) throw new RangeError(`float(${min}, ${max}): need min ≤ max`);
    return min + this.nextFloat() * (max - min);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextFloat() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.nextFloat() * items.length)]!;
  }

  /** `count` distinct elements in random order (partial Fisher–Yates). */
  sample<T>(items: readonly T[], count: number): T[] {
    if (!Number.isInteger(count) || count < 0 || count > items.length) {
      throw new RangeError(`sample of ${count} from ${items.length} items`);
    }
    const copy = [...items];
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(this.nextFloat() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, count);
  }

  /** A shuffled copy; the input is left alone. */
  shuffle<T>(items: readonly T[]): T[] {
    return this.sample(items, items.length);
  }

  /** One value, with probability proportional to its weight. Weights must be ≥ 0 and not all 0. */
  weighted<T>(entries: readonly (readonly [value: T, weight: number])[]): T {
    let total = 0;
    for (const [, weight] of entries) {
      if (!(weight >= 0)) throw new RangeError(`weight ${weight} is negative or not a number`);
      total += weight;
    }
    if (total <= 0) throw new RangeError('weighted pick needs a positive total weight');
    let target = this.nextFloat() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    // Rounding can leave `target` a hair above 0; the last positive weight wins then.
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]![1] > 0) return entries[i]![0];
    throw new RangeError('unreachable');
  }
}
