import { MalformedEvent, parseOrderPacked, parseOrderStatusChanged, parseStoreLoad } from './payloads';

const message = (fn: () => unknown) => {
  try {
    fn();
    return 'parsed';
  } catch (error) {
    return error instanceof MalformedEvent ? error.message : 'not a MalformedEvent';
  }
};

describe('event payloads', () => {
  it('when fulfillment.packed is well formed, then its lines come back; an empty bag is allowed', () => {
    expect(parseOrderPacked({ orderId: 'o', taskId: 't', storeId: 's', items: [{ productId: 'p', quantity: 2 }], packedAt: 'x' })).toEqual({
      orderId: 'o',
      storeId: 's',
      items: [{ productId: 'p', quantity: 2 }],
    });
    expect(parseOrderPacked({ orderId: 'o', storeId: 's', items: [] }).items).toEqual([]);
  });

  it('when fulfillment.packed breaks the contract, then the first bad field is named', () => {
    expect(message(() => parseOrderPacked({ orderId: 'o', storeId: 's' }))).toBe('items must be an array');
    expect(message(() => parseOrderPacked({ storeId: 's', items: [] }))).toBe('orderId must be a non-empty string');
    expect(message(() => parseOrderPacked({ orderId: 'o', storeId: 's', items: [{ productId: 'p', quantity: 1.5 }] }))).toBe('items.0.quantity must be a whole number ≥ 0');
    expect(message(() => parseOrderPacked('nope'))).toBe('fulfillment.packed payload must be an object');
  });

  it('when orders.status_changed has no reason or actor, then they are null', () => {
    expect(parseOrderStatusChanged({ orderId: 'o', to: 'CANCELLED', actor: '', reason: null })).toEqual({ orderId: 'o', to: 'CANCELLED', actor: null, reason: null });
  });

  it('when fulfillment.store_load has a bad time or a negative count, then it is malformed', () => {
    expect(parseStoreLoad({ storeId: 's', openTasks: 3, at: '2026-11-20T10:00:00Z' })).toEqual({ storeId: 's', openTasks: 3, at: new Date('2026-11-20T10:00:00Z') });
    expect(message(() => parseStoreLoad({ storeId: 's', openTasks: 3, at: 'yesterday' }))).toBe('at must be an ISO 8601 time');
    expect(message(() => parseStoreLoad({ storeId: 's', openTasks: -1, at: '2026-11-20T10:00:00Z' }))).toBe('openTasks must be a whole number ≥ 0');
  });
});
