import type { Identity } from '@qc/shared';
import { GraphQLError } from 'graphql';
import {
  assertCanSeeCustomer,
  assertCanSeeOrder,
  canSeeCustomer,
  canSeeOrder,
  ownCustomerId,
  requireCustomer,
  requireIdentity,
} from './access';

const customer: Identity = { sub: 'cus_1', role: 'customer' };
const otherCustomer: Identity = { sub: 'cus_2', role: 'customer' };
const staff: Identity = { sub: 'staff_1', role: 'store_staff', storeId: 'str_1' };
const otherStaff: Identity = { sub: 'staff_2', role: 'store_staff', storeId: 'str_2' };
const staffWithoutStore: Identity = { sub: 'staff_3', role: 'store_staff' };
const courier: Identity = { sub: 'cou_1', role: 'courier', courierId: 'cou_1' };
const partner: Identity = { sub: 'prt_1', role: 'partner', partnerId: 'prt_1' };
const admin: Identity = { sub: 'adm_1', role: 'admin' };
// A courier whose sub happens to equal a customer id must not pass as that customer.
const courierNamedLikeCustomer: Identity = { sub: 'cus_1', role: 'courier' };

const otherCourier: Identity = { sub: 'cou_2', role: 'courier' };
// The courier id comes from the token's courierId when it has one, not from its subject.
const courierWithOwnId: Identity = { sub: 'user_9', role: 'courier', courierId: 'cou_1' };

const order = { id: 'ord_1', customerId: 'cus_1', storeId: 'str_1', courierId: null };
const carried = { ...order, courierId: 'cou_1' };
const unassigned = { id: 'ord_2', customerId: 'cus_1', storeId: null, courierId: null };

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as GraphQLError).extensions?.code as string;
  }
  return undefined;
};

describe('canSeeOrder', () => {
  it.each([
    ['the customer who placed it', customer, true],
    ['another customer', otherCustomer, false],
    ['staff of its store', staff, true],
    ['staff of another store', otherStaff, false],
    ['staff without a store', staffWithoutStore, false],
    ['a courier', courier, false],
    ['a courier whose sub equals the customer id', courierNamedLikeCustomer, false],
    ['a partner', partner, false],
    ['an admin', admin, true],
    ['an anonymous caller', null, false],
  ] as const)('when %s asks for an assigned order, then the answer is %s', (_who, identity, allowed) => {
    expect(canSeeOrder(identity, order)).toBe(allowed);
  });

  it('when an order has no store yet, then no staff sees it but its customer and admins do', () => {
    expect(canSeeOrder(staff, unassigned)).toBe(false);
    expect(canSeeOrder(staffWithoutStore, unassigned)).toBe(false);
    expect(canSeeOrder(customer, unassigned)).toBe(true);
    expect(canSeeOrder(admin, unassigned)).toBe(true);
  });

  it('when a courier carries the order, then that courier sees it, another courier does not, and nobody else gains or loses', () => {
    expect(canSeeOrder(courier, carried)).toBe(true);
    expect(canSeeOrder(courierWithOwnId, carried)).toBe(true);
    expect(canSeeOrder(otherCourier, carried)).toBe(false);
    expect(canSeeOrder(courierNamedLikeCustomer, carried)).toBe(false);
    expect([customer, otherCustomer, staff, partner, admin].map((who) => canSeeOrder(who, carried))).toEqual([true, false, true, false, true]);
    expect(codeOf(() => assertCanSeeOrder(otherCourier, carried))).toBe('FORBIDDEN');
  });
});

describe('canSeeCustomer', () => {
  it.each([
    ['the customer themselves', customer, true],
    ['another customer', otherCustomer, false],
    ['store staff', staff, false],
    ['a courier whose sub equals the customer id', courierNamedLikeCustomer, false],
    ['a partner', partner, false],
    ['an admin', admin, true],
    ['an anonymous caller', null, false],
  ] as const)('when %s asks for customer cus_1, then the answer is %s', (_who, identity, allowed) => {
    expect(canSeeCustomer(identity, 'cus_1')).toBe(allowed);
  });
});

describe('assertions', () => {
  it('when the caller is anonymous, then every assertion says UNAUTHENTICATED', () => {
    expect(codeOf(() => requireIdentity(null))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertCanSeeOrder(null, order))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => assertCanSeeCustomer(null, 'cus_1'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireCustomer(null))).toBe('UNAUTHENTICATED');
  });

  it('when a signed-in caller is not allowed, then the assertions say FORBIDDEN', () => {
    expect(codeOf(() => assertCanSeeOrder(otherStaff, order))).toBe('FORBIDDEN');
    expect(codeOf(() => assertCanSeeCustomer(otherCustomer, 'cus_1'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCustomer(admin))).toBe('FORBIDDEN');
  });

  it('when the caller is allowed, then the assertions pass', () => {
    expect(codeOf(() => assertCanSeeOrder(staff, order))).toBeUndefined();
    expect(codeOf(() => assertCanSeeCustomer(admin, 'cus_1'))).toBeUndefined();
    expect(requireCustomer(customer)).toBe('cus_1');
    expect(requireIdentity(courier)).toBe(courier);
  });

  it('when a token is a customer token, then its sub is the customer id; otherwise there is none', () => {
    expect(ownCustomerId(customer)).toBe('cus_1');
    expect(ownCustomerId(courierNamedLikeCustomer)).toBeNull();
    expect(ownCustomerId(null)).toBeNull();
  });
});
