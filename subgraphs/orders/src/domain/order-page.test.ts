import { isOrderPageKey, orderPageKey } from './order-page';

describe('order page cursors', () => {
  it('when a key is made from an order, then it is a valid key with the time to the millisecond', () => {
    const key = orderPageKey({ placedAt: new Date('2026-11-22T10:15:00.123Z'), id: 'ord_1' });
    expect(key).toEqual({ placedAt: '2026-11-22T10:15:00.123Z', id: 'ord_1' });
    expect(isOrderPageKey(JSON.parse(JSON.stringify(key)))).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'ord_1'],
    ['a key without id', { placedAt: '2026-11-22T10:15:00.000Z' }],
    ['a key with a numeric time', { placedAt: 1, id: 'ord_1' }],
    ['a key with a time that is not a date', { placedAt: 'yesterday-ish', id: 'ord_1' }],
  ])('when the decoded value is %s, then it is not a page key', (_what, value) => {
    expect(isOrderPageKey(value)).toBe(false);
  });
});
