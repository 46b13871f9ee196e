import { canonicalJson, requestHash } from './idempotency';
import type { PlaceOrderRequest } from './place-order';

const request: PlaceOrderRequest = {
  idempotencyKey: 'k1',
  items: [
    { productId: 'prd_a', quantity: 2 },
    { productId: 'prd_b', quantity: 1 },
  ],
  deliveryLocation: { lat: 52.52, lng: 13.405 },
  address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' },
  paymentMethod: 'card_visa',
};

describe('canonicalJson', () => {
  it('when objects differ only in key order, then they serialise the same, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('when a field is undefined, then it is left out like JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('requestHash', () => {
  it('when the same request comes again, then the hash is the same 64 hex characters', () => {
    expect(requestHash(request)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash(structuredClone(request))).toBe(requestHash(request));
  });

  it('when the fields arrive in another order or the key differs, then the hash is the same', () => {
    const reordered: PlaceOrderRequest = {
      paymentMethod: 'card_visa',
      address: { postalCode: '10119', city: 'Berlin', line1: 'Torstraße 1' },
      deliveryLocation: { lng: 13.405, lat: 52.52 },
      items: [
        { quantity: 2, productId: 'prd_a' },
        { quantity: 1, productId: 'prd_b' },
      ],
      idempotencyKey: 'another key',
    };
    expect(requestHash(reordered)).toBe(requestHash(request));
  });

  it.each([
    ['a quantity', { items: [{ productId: 'prd_a', quantity: 3 }, request.items[1]!] }],
    ['the line order', { items: [request.items[1]!, request.items[0]!] }],
    ['the location', { deliveryLocation: { lat: 52.5201, lng: 13.405 } }],
    ['the address', { address: { ...request.address, line1: 'Torstraße 2' } }],
    ['the payment method', { paymentMethod: 'card_other' }],
  ])('when %s changes, then the hash changes', (_what, change) => {
    expect(requestHash({ ...request, ...change })).not.toBe(requestHash(request));
  });
});
