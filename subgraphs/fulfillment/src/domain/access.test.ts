import type { Identity } from '@qc/shared';
import { mayWorkAt, pickingAccess, pickTaskAccess, storeWorkAccess } from './access';

const admin: Identity = { sub: 'adm_1', role: 'admin' };
const service: Identity = { sub: 'orders', role: 'service' };
const staff: Identity = { sub: 'stf_1', role: 'store_staff', storeId: 'str_1' };
const otherStaff: Identity = { sub: 'stf_2', role: 'store_staff', storeId: 'str_2' };
const storelessStaff: Identity = { sub: 'stf_3', role: 'store_staff' };
const customer: Identity = { sub: 'cus_1', role: 'customer' };
const otherCustomer: Identity = { sub: 'cus_2', role: 'customer' };
const courier: Identity = { sub: 'cou_1', role: 'courier' };
const partner: Identity = { sub: 'prt_1', role: 'partner', partnerId: 'prt_1' };

describe('storeWorkAccess', () => {
  it("when the store's staff, an admin or the service identity asks, then it is allowed", () => {
    for (const who of [staff, admin, service]) expect(storeWorkAccess(who, 'str_1')).toBe('ALLOWED');
  });

  it('when anyone else asks, then FORBIDDEN; anonymous UNAUTHENTICATED', () => {
    for (const who of [otherStaff, storelessStaff, customer, courier, partner]) expect(storeWorkAccess(who, 'str_1')).toBe('FORBIDDEN');
    expect(storeWorkAccess(null, 'str_1')).toBe('UNAUTHENTICATED');
  });
});

describe('pickTaskAccess', () => {
  const task = { storeId: 'str_1', customerId: 'cus_1' };
  it("when the task's store, its customer or a trusted caller asks, then it is allowed", () => {
    for (const who of [staff, customer, admin, service]) expect(pickTaskAccess(who, task)).toBe('ALLOWED');
  });

  it('when anyone else asks, or the customer is not known, then FORBIDDEN', () => {
    for (const who of [otherStaff, otherCustomer, courier, partner]) expect(pickTaskAccess(who, task)).toBe('FORBIDDEN');
    expect(pickTaskAccess(customer, { storeId: 'str_1', customerId: null })).toBe('FORBIDDEN');
  });
});

describe('pickingAccess and mayWorkAt', () => {
  it('when staff with a store or an admin try to pick, then they pass the gate; others do not', () => {
    expect([staff, otherStaff, admin].map(pickingAccess)).toEqual(['ALLOWED', 'ALLOWED', 'ALLOWED']);
    expect([storelessStaff, customer, courier, partner, service].map(pickingAccess)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(pickingAccess(null)).toBe('UNAUTHENTICATED');
  });

  it("when staff work on another store's task, then they may not", () => {
    expect(mayWorkAt(staff, 'str_1')).toBe(true);
    expect(mayWorkAt(admin, 'str_1')).toBe(true);
    expect(mayWorkAt(otherStaff, 'str_1')).toBe(false);
    expect(mayWorkAt(service, 'str_1')).toBe(false);
  });
});
