import type { Identity } from '@qc/shared';
import { assertMayCancel, cancelReasonProblems, CUSTOMER_CANCELLABLE } from './cancel';
import { ORDER_STATUSES, type OrderStatus } from './order-status';

const owner: Identity = { sub: 'cus_1', role: 'customer' };
const other: Identity = { sub: 'cus_2', role: 'customer' };
const admin: Identity = { sub: 'adm_1', role: 'admin' };
const staff: Identity = { sub: 'staff_1', role: 'store_staff', storeId: 'str_1' };
const courier: Identity = { sub: 'cus_1', role: 'courier' };

const order = (status: OrderStatus) => ({ id: 'ord_1', customerId: 'cus_1', status });
const codeOf = (identity: Identity | null, status: OrderStatus): string | null => {
  try {
    assertMayCancel(identity, order(status));
    return null;
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

const CANCELLABLE_BY_ADMIN: OrderStatus[] = ['PENDING', 'CONFIRMED', 'ASSIGNED_TO_STORE', 'PICKING', 'PACKED', 'ASSIGNED_TO_COURIER', 'PICKED_UP', 'IN_TRANSIT'];

describe('who may cancel an order when', () => {
  it.each(ORDER_STATUSES.map((s) => [s]))('when the customer cancels their own %s order, then it is allowed only before picking', (status) => {
    expect(codeOf(owner, status)).toBe(CUSTOMER_CANCELLABLE.includes(status) ? null : 'INVALID_STATE');
  });

  it.each(ORDER_STATUSES.map((s) => [s]))('when an admin cancels a %s order, then it is allowed until delivered', (status) => {
    expect(codeOf(admin, status)).toBe(CANCELLABLE_BY_ADMIN.includes(status) ? null : 'INVALID_STATE');
  });

  it('when another customer cancels, then it is NOT_FOUND whatever the status, as for an order that does not exist', () => {
    expect(codeOf(other, 'CONFIRMED')).toBe('NOT_FOUND');
    expect(codeOf(other, 'DELIVERED')).toBe('NOT_FOUND');
  });

  it.each([
    ['store staff', staff],
    ['a courier whose sub equals the customer id', courier],
  ])('when %s cancels, then it is FORBIDDEN whatever the status', (_who, identity) => {
    expect(codeOf(identity, 'CONFIRMED')).toBe('FORBIDDEN');
    expect(codeOf(identity, 'DELIVERED')).toBe('FORBIDDEN');
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', () => {
    expect(codeOf(null, 'CONFIRMED')).toBe('UNAUTHENTICATED');
  });

  it('when the customer is too late, then the error says picking started and carries both statuses', () => {
    expect(() => assertMayCancel(owner, order('PACKED'))).toThrow(/already being picked \(PACKED\); contact support/);
    try {
      assertMayCancel(owner, order('PACKED'));
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'INVALID_STATE', from: 'PACKED', to: 'CANCELLED' });
    }
  });
});

describe('cancelReasonProblems', () => {
  it('when the reason is blank or over 500 characters, then it is a problem; otherwise none', () => {
    expect(cancelReasonProblems('  ')).toEqual([{ field: 'reason', message: 'The reason is missing' }]);
    expect(cancelReasonProblems('x'.repeat(501))[0]?.field).toBe('reason');
    expect(cancelReasonProblems('x'.repeat(500))).toEqual([]);
  });
});
