import { assertCanAdjustStock, assertService, canAdjustStock } from './access';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('canAdjustStock', () => {
  it('when staff belong to the store, then they may; staff of another store may not', () => {
    expect(canAdjustStock({ sub: 'u1', role: 'store_staff', storeId: 'str_a' }, 'str_a')).toBe(true);
    expect(canAdjustStock({ sub: 'u1', role: 'store_staff', storeId: 'str_b' }, 'str_a')).toBe(false);
  });

  it('when a staff token names no store, then it may change no store', () => {
    expect(canAdjustStock({ sub: 'u1', role: 'store_staff' }, 'str_a')).toBe(false);
  });

  it('when the caller is an admin, then any store; a customer, courier or partner, none', () => {
    expect(canAdjustStock({ sub: 'a', role: 'admin' }, 'str_a')).toBe(true);
    for (const role of ['customer', 'courier', 'partner'] as const) expect(canAdjustStock({ sub: 'x', role, storeId: 'str_a' }, 'str_a')).toBe(false);
  });
});

describe('assertCanAdjustStock', () => {
  it('when anonymous, then UNAUTHENTICATED; when not allowed, then FORBIDDEN', () => {
    expect(codeOf(() => assertCanAdjustStock(null, 'str_a'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertCanAdjustStock({ sub: 'c', role: 'customer' }, 'str_a'))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanAdjustStock({ sub: 's', role: 'store_staff', storeId: 'str_a' }, 'str_a'))).toBe('allowed');
  });
});

describe('assertService', () => {
  it('when a subgraph calls under the service identity, then it may; anyone else, signed in or not, is FORBIDDEN', () => {
    expect(codeOf(() => assertService({ sub: 'orders', role: 'service' }))).toBe('allowed');
    expect(codeOf(() => assertService(null))).toBe('FORBIDDEN');
    for (const role of ['customer', 'store_staff', 'courier', 'partner', 'admin'] as const) {
      expect(codeOf(() => assertService({ sub: 'x', role }))).toBe('FORBIDDEN');
    }
  });
});
