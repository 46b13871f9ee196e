import { createHash } from 'node:crypto';
import type { PlaceOrderRequest } from './place-order';

/** JSON with object keys sorted at every level, so equal values always serialise to equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Fingerprint of what a placement asks for, to tell a retry (same hash) from a reused key (another
 * hash). The key itself is left out (it is the lookup), field order does not matter, line order does:
 * a client retries the request it sent, it does not reshuffle the cart.
 */
export function requestHash(request: PlaceOrderRequest): string {
  const { items, deliveryLocation, address, paymentMethod } = request;
  const fingerprint = {
    items: items.map(({ productId, quantity }) => ({ productId, quantity })),
    deliveryLocation: { lat: deliveryLocation.lat, lng: deliveryLocation.lng },
    address: { line1: address.line1, city: address.city, postalCode: address.postalCode },
    paymentMethod,
  };
  return createHash('sha256').update(canonicalJson(fingerprint)).digest('hex');
}
