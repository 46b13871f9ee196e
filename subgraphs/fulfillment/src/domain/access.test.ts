import type { Identity } from '@qc/shared';
import { enforce, pickingAccess, storeWorkAccess } from './access';

const staffOf = (storeId: string | undefined): Identity => ({ sub: 'u1', role: 'store_staff', ...(storeId ? { storeId } : {}) });

describe('storeWorkAccess', () => {
  it("when the caller is the store's own staff, then access is allowed", () => {
    expect(storeWorkAccess(staffOf('str_a'), 'str_a')).toBe('ALLOWED');
  });

  it('when the caller is an admin, then access to any store is allowed', () => {
    expect(storeWorkAccess({ sub: 'root', role: 'admin' }, 'str_a')).toBe('ALLOWED');
  });

  it("when the caller is another store's staff or staff without a store, then access is forbidden", () => {
    expect(storeWorkAccess(staffOf('str_b'), 'str_a')).toBe('FORBIDDEN');
    expect(storeWorkAccess(staffOf(undefined), 'str_a')).toBe('FORBIDDEN');
  });

  it.each(['customer', 'courier', 'partner'] as const)('when the caller is a %s, then access is forbidden even with a matching storeId', (role) => {
    expect(storeWorkAccess({ sub: 'u1', role, storeId: 'str_a' }, 'str_a')).toBe('FORBIDDEN');
  });

  it('when nobody is signed in, then the answer is unauthenticated', () => {
    expect(storeWorkAccess(null, 'str_a')).toBe('UNAUTHENTICATED');
  });
});

describe('enforce', () => {
  const codeOf = (fn: () => void): unknown => {
    try {
      fn();
      return 'no error';
    } catch (error) {
      return (error as { extensions?: { code?: string } }).extensions?.code;
    }
  };

  it('when access is allowed, then nothing is thrown', () => {
    expect(codeOf(() => enforce('ALLOWED'))).toBe('no error');
  });

  it('when access is refused, then the error carries the matching code', () => {
    expect(codeOf(() => enforce('FORBIDDEN'))).toBe('FORBIDDEN');
    expect(codeOf(() => enforce('UNAUTHENTICATED'))).toBe('UNAUTHENTICATED');
  });

  it('when a refusal comes with a message, then the FORBIDDEN error says it', () => {
    expect(() => enforce('FORBIDDEN', 'Not your store')).toThrow('Not your store');
  });
});

describe('pickingAccess', () => {
  it('when the caller is staff of some store or an admin, then they may try to change pick tasks', () => {
    expect(pickingAccess(staffOf('str_a'))).toBe('ALLOWED');
    expect(pickingAccess({ sub: 'root', role: 'admin' })).toBe('ALLOWED');
  });

  it('when the caller is staff without a store, a customer or a courier, then it is forbidden', () => {
    expect(pickingAccess(staffOf(undefined))).toBe('FORBIDDEN');
    expect(pickingAccess({ sub: 'cus_1', role: 'customer', storeId: 'str_a' })).toBe('FORBIDDEN');
    expect(pickingAccess({ sub: 'cou_1', role: 'courier' })).toBe('FORBIDDEN');
  });

  it('when nobody is signed in, then the answer is unauthenticated', () => {
    expect(pickingAccess(null)).toBe('UNAUTHENTICATED');
  });
});
