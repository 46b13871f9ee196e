import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** `<prefix>_` + 20 random base32 characters (100 bits): unguessable, so ids cannot be enumerated. */
function newId(prefix: string): string {
  let id = `${prefix}_`;
  for (const byte of randomBytes(20)) id += ALPHABET[byte & 31];
  return id;
}

export const newDeliveryId = (): string => newId('dlv');
export const newOfferId = (): string => newId('ofr');
