import { randomFillSync } from 'node:crypto';

// Inside jest's vm sandbox every `Math.…` lookup takes the slow global path (about 30× slower in
// a tight loop); a module-level alias avoids it and costs nothing under plain node.
const imul = Math.imul;

/**
 * mulberry32: a tiny, fast, seeded generator of floats in [0, 1), so demo data and benchmark mixes are
 * the same on every run and machine. Not for anything secret (use `newId` or `node:crypto`).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CSPRNG bytes drawn 4 KiB at a time: one `randomFillSync` per many ids instead of one call per id. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

/**
 * `bytes` random bytes from the operating system's CSPRNG, as hex; every pooled byte is handed out
 * once. For ids on hot paths (request signatures' nonces, trace ids): a `randomBytes` call per id was
 * a visible share of a request's CPU.
 */
export function randomHex(bytes: number): string {
  if (bytes > pool.length) throw new RangeError(`randomHex: at most ${pool.length} bytes at a time`);
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
