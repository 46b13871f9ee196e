import { describeProblems, MAX_LINE_QUANTITY, priceCart, validatePlaceOrder, type PlaceOrderRequest } from './place-order';

const valid: PlaceOrderRequest = {
  idempotencyKey: 'checkout-1',
  items: [
    { productId: 'prd_a', quantity: 2 },
    { productId: 'prd_b', quantity: 1 },
  ],
  deliveryLocation: { lat: 52.52, lng: 13.405 },
  address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' },
  paymentMethod: 'card_visa',
};
const fieldsOf = (request: PlaceOrderRequest) => validatePlaceOrder(request).map((p) => p.field);

describe('validatePlaceOrder', () => {
  it('when the request is well formed, then there are no problems', () => {
    expect(validatePlaceOrder(valid)).toEqual([]);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['above the per-line maximum', MAX_LINE_QUANTITY + 1],
  ])('when a quantity is %s, then that line is named', (_what, quantity) => {
    expect(fieldsOf({ ...valid, items: [{ productId: 'prd_a', quantity }] })).toEqual(['items.0.quantity']);
  });

  it('when a product is in the cart twice, then the second line is named with both line numbers', () => {
    const problems = validatePlaceOrder({ ...valid, items: [...valid.items, { productId: 'prd_a', quantity: 3 }] });
    expect(problems).toEqual([{ field: 'items.2.productId', message: expect.stringContaining('(lines 1 and 3)') }]);
  });

  it('when the cart has 100 lines, then it passes; at 101 it does not', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ productId: `prd_${i}`, quantity: 1 }));
    expect(validatePlaceOrder({ ...valid, items: lines(100) })).toEqual([]);
    expect(fieldsOf({ ...valid, items: lines(101) })).toEqual(['items']);
  });

  it('when the cart is empty, then it is refused', () => {
    expect(fieldsOf({ ...valid, items: [] })).toEqual(['items']);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['101 characters', 'k'.repeat(101)],
  ])('when the idempotency key is %s, then it is refused', (_what, idempotencyKey) => {
    expect(fieldsOf({ ...valid, idempotencyKey })).toEqual(['idempotencyKey']);
  });

  it('when the idempotency key has exactly 100 characters, then it passes', () => {
    expect(validatePlaceOrder({ ...valid, idempotencyKey: 'k'.repeat(100) })).toEqual([]);
  });

  it.each([
    [{ lat: 90.0001, lng: 0 }, ['deliveryLocation.lat']],
    [{ lat: -90.5, lng: 0 }, ['deliveryLocation.lat']],
    [{ lat: 0, lng: 180.1 }, ['deliveryLocation.lng']],
    [{ lat: Number.NaN, lng: -181 }, ['deliveryLocation.lat', 'deliveryLocation.lng']],
    [{ lat: 90, lng: -180 }, []],
  ])('when the location is %o, then the problems are %o', (deliveryLocation, fields) => {
    expect(fieldsOf({ ...valid, deliveryLocation })).toEqual(fields);
  });

  it('when address fields are blank or too long and the payment method is missing, then each is named', () => {
    const fields = fieldsOf({ ...valid, address: { line1: '', city: 'x'.repeat(101), postalCode: ' ' }, paymentMethod: '' });
    expect(fields).toEqual(['address.line1', 'address.city', 'address.postalCode', 'paymentMethod']);
  });

  it('when there are several problems, then the message lists them all in one sentence', () => {
    const problems = validatePlaceOrder({ ...valid, idempotencyKey: '', items: [] });
    expect(describeProblems(problems)).toBe('2 problems: The idempotency key is missing; The cart is empty.');
    expect(describeProblems(problems.slice(0, 1))).toBe('The idempotency key is missing.');
  });
});

describe('priceCart', () => {
  const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

  it('when every product has a price, then lines keep that price and the total is their sum', () => {
    expect(priceCart(valid.items, [eur(250), eur(199)])).toEqual({
      ok: true,
      items: [
        { productId: 'prd_a', quantity: 2, unitPriceCents: 250, currency: 'EUR' },
        { productId: 'prd_b', quantity: 1, unitPriceCents: 199, currency: 'EUR' },
      ],
      totalCents: 699,
      currency: 'EUR',
    });
  });

  it('when catalog does not know a product, then that line is a problem naming the product', () => {
    expect(priceCart(valid.items, [eur(250), null])).toEqual({ ok: false, problems: [{ field: 'items.1.productId', message: 'Product prd_b does not exist' }] });
  });

  it('when the prices are in different currencies, then the cart is refused', () => {
    const result = priceCart(valid.items, [eur(250), { amountCents: 100, currency: 'USD' }]);
    expect(result).toEqual({ ok: false, problems: [{ field: 'items', message: expect.stringContaining('EUR, USD') }] });
  });

  it('when the total would overflow the stored integer, then the cart is refused', () => {
    expect(priceCart([{ productId: 'prd_gold', quantity: 99 }], [eur(2_000_000_000)]).ok).toBe(false);
  });
});
