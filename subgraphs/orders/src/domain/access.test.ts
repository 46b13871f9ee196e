import type { Identity } from '@qc/shared';
import { GraphQLError } from 'graphql';
import { canSeeOrder, customerOrdersAccess, customerPiiAccess, orderAccess, orderPiiAccess, ownCustomerId, requireIdentity } from './access';

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

const order = { id: 'ord_1', customerId: 'cus_1', storeId: 'str_1', courierId: null, status: 'PICKING' as const };
const carried = { ...order, courierId: 'cou_1', status: 'IN_TRANSIT' as const };
const delivered = { ...carried, status: 'DELIVERED' as const };
const unassigned = { id: 'ord_2', customerId: 'cus_1', storeId: null, courierId: null, status: 'CONFIRMED' as const };
const service: Identity = { sub: 'orders', role: 'service' };

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
    expect(orderAccess(otherCourier, carried)).toBe('FORBIDDEN');
    expect(orderAccess(null, carried)).toBe('UNAUTHENTICATED');
    expect(orderAccess(service, carried)).toBe('ALLOWED');
  });
});

describe('orderPiiAccess (the delivery address)', () => {
  it('when the order is under way, then its customer, store, courier, admins and the service identity see it', () => {
    for (const who of [customer, staff, courier, admin, service]) expect(orderPiiAccess(who, carried)).toBe('ALLOWED');
    for (const who of [otherCustomer, otherStaff, otherCourier, partner]) expect(orderPiiAccess(who, carried)).toBe('FORBIDDEN');
  });

  it('when the order is over, then its store and courier no longer see it; its customer and admins still do', () => {
    expect(orderPiiAccess(staff, delivered)).toBe('FORBIDDEN');
    expect(orderPiiAccess(courier, delivered)).toBe('FORBIDDEN');
    expect(orderPiiAccess(customer, delivered)).toBe('ALLOWED');
    expect(orderPiiAccess(admin, delivered)).toBe('ALLOWED');
  });
});

describe('customerPiiAccess (name and email)', () => {
  it('when the customer, an admin or the service identity asks, then it is allowed', () => {
    for (const who of [customer, admin, service]) expect(customerPiiAccess(who, 'cus_1', [])).toBe('ALLOWED');
  });

  it('when the staff or courier of one of their orders under way asks, then it is allowed; once it is over, not', () => {
    expect(customerPiiAccess(staff, 'cus_1', [carried])).toBe('ALLOWED');
    expect(customerPiiAccess(courier, 'cus_1', [carried])).toBe('ALLOWED');
    expect(customerPiiAccess(staff, 'cus_1', [])).toBe('FORBIDDEN');
    expect(customerPiiAccess(otherCourier, 'cus_1', [carried])).toBe('FORBIDDEN');
    expect(customerPiiAccess(otherStaff, 'cus_1', [carried])).toBe('FORBIDDEN');
  });

  it('when another customer, a partner or a courier named like the customer asks, then FORBIDDEN; anonymous UNAUTHENTICATED', () => {
    for (const who of [otherCustomer, partner, courierNamedLikeCustomer]) expect(customerPiiAccess(who, 'cus_1', [])).toBe('FORBIDDEN');
    expect(customerPiiAccess(null, 'cus_1', [])).toBe('UNAUTHENTICATED');
  });
});

describe('customerOrdersAccess', () => {
  it.each([
    ['the customer themselves', customer, 'ALLOWED'],
    ['another customer', otherCustomer, 'FORBIDDEN'],
    ['store staff', staff, 'FORBIDDEN'],
    ['a courier whose sub equals the customer id', courierNamedLikeCustomer, 'FORBIDDEN'],
    ['a partner', partner, 'FORBIDDEN'],
    ['an admin', admin, 'ALLOWED'],
    ['an anonymous caller', null, 'UNAUTHENTICATED'],
  ] as const)("when %s asks for customer cus_1's orders, then the answer is %s", (_who, identity, decision) => {
    expect(customerOrdersAccess(identity, 'cus_1')).toBe(decision);
  });
});

describe('identity helpers', () => {
  it('when the caller is anonymous, then requireIdentity says UNAUTHENTICATED', () => {
    expect(codeOf(() => requireIdentity(null))).toBe('UNAUTHENTICATED');
    expect(requireIdentity(courier)).toBe(courier);
  });

  it('when a token is a customer token, then its sub is the customer id; otherwise there is none', () => {
    expect(ownCustomerId(customer)).toBe('cus_1');
    expect(ownCustomerId(courierNamedLikeCustomer)).toBeNull();
    expect(ownCustomerId(null)).toBeNull();
  });
});
