import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The one id generator: `<prefix>_` + 20 random base32 characters (100 bits). Unguessable, so ids
 * cannot be enumerated; the prefix says what an id names (`ord`, `dlv`, `pck`, …) in logs and errors.
 */
export function newId(prefix: string): string {
  let id = `${prefix}_`;
  for (const byte of randomBytes(20)) id += ALPHABET[byte & 31];
  return id;
}
