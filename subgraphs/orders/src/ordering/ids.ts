import { randomBytes } from 'node:crypto';

/** `ord_` + 20 random base32 characters (100 bits): unguessable, so ids cannot be enumerated. */
export function newOrderId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(20);
  let id = 'ord_';
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
}
