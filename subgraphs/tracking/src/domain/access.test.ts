import type { Identity } from '@qc/shared';
import { courierPositionAccess, etaAccess, reportLocationAccess, type LiveParties } from './access';

const courier: Identity = { sub: 'cou_1', role: 'courier' };
const admin: Identity = { sub: 'adm_1', role: 'admin' };
const service: Identity = { sub: 'orders', role: 'service' };
const customer: Identity = { sub: 'cus_1', role: 'customer' };
const otherCustomer: Identity = { sub: 'cus_2', role: 'customer' };
const staff: Identity = { sub: 'stf_1', role: 'store_staff', storeId: 'str_1' };
const otherStaff: Identity = { sub: 'stf_2', role: 'store_staff', storeId: 'str_2' };
const partner: Identity = { sub: 'prt_1', role: 'partner', partnerId: 'prt_1' };
const live: LiveParties[] = [{ courierId: 'cou_1', storeId: 'str_1', customerId: 'cus_1' }];

describe('courierPositionAccess', () => {
  it('when nobody is signed in, then the answer is UNAUTHENTICATED', () => {
    expect(courierPositionAccess(null, 'cou_1', live)).toBe('UNAUTHENTICATED');
  });

  it('when the courier asks for their own position, then it is allowed (the token courierId wins over sub)', () => {
    expect(courierPositionAccess(courier, 'cou_1', [])).toBe('ALLOWED');
    expect(courierPositionAccess({ sub: 'user_9', role: 'courier', courierId: 'cou_1' }, 'cou_1', [])).toBe('ALLOWED');
    expect(courierPositionAccess({ sub: 'cou_1', role: 'courier', courierId: 'cou_2' }, 'cou_1', [])).toBe('FORBIDDEN');
  });

  it('when an admin or the service identity asks, then it is allowed for any courier', () => {
    expect(courierPositionAccess(admin, 'cou_1', [])).toBe('ALLOWED');
    expect(courierPositionAccess(service, 'cou_1', [])).toBe('ALLOWED');
  });

  it('when the customer or store of the delivery the courier carries now asks, then it is allowed', () => {
    expect(courierPositionAccess(customer, 'cou_1', live)).toBe('ALLOWED');
    expect(courierPositionAccess(staff, 'cou_1', live)).toBe('ALLOWED');
  });

  it('when the delivery has ended (no live delivery), then its customer and store are FORBIDDEN', () => {
    expect(courierPositionAccess(customer, 'cou_1', [])).toBe('FORBIDDEN');
    expect(courierPositionAccess(staff, 'cou_1', [])).toBe('FORBIDDEN');
  });

  it('when someone not party to the live delivery asks, then it is FORBIDDEN', () => {
    for (const who of [otherCustomer, otherStaff, partner, { sub: 'cou_2', role: 'courier' } as Identity]) {
      expect(courierPositionAccess(who, 'cou_1', live)).toBe('FORBIDDEN');
    }
  });

  it('when the customer is not known yet, then no customer matches', () => {
    expect(courierPositionAccess(customer, 'cou_1', [{ courierId: 'cou_1', storeId: 'str_1', customerId: null }])).toBe('FORBIDDEN');
  });
});

describe('etaAccess', () => {
  it('when the customer of the order asks, then it is allowed with or without a live delivery', () => {
    expect(etaAccess(customer, 'cus_1', [])).toBe('ALLOWED');
    expect(etaAccess(otherCustomer, 'cus_1', live)).toBe('FORBIDDEN');
  });

  it('when tracking has no customer and no delivery on record (never confirmed), then a customer is answered (null ETA); with a delivery on record, not', () => {
    expect(etaAccess(customer, null, [])).toBe('ALLOWED');
    expect(etaAccess(otherCustomer, null, [])).toBe('ALLOWED');
    expect(etaAccess(otherCustomer, null, live)).toBe('FORBIDDEN');
    expect(etaAccess(otherCustomer, 'cus_1', [])).toBe('FORBIDDEN');
    expect(etaAccess(courier, null, [])).toBe('FORBIDDEN');
    expect(etaAccess(staff, null, [])).toBe('FORBIDDEN');
  });

  it('when the courier or store of the live delivery asks, then it is allowed; once it ended, FORBIDDEN', () => {
    expect(etaAccess(courier, 'cus_1', live)).toBe('ALLOWED');
    expect(etaAccess(staff, 'cus_1', live)).toBe('ALLOWED');
    expect(etaAccess(courier, 'cus_1', [])).toBe('FORBIDDEN');
    expect(etaAccess(staff, 'cus_1', [])).toBe('FORBIDDEN');
  });

  it('when nobody is signed in, then UNAUTHENTICATED; admins always', () => {
    expect(etaAccess(null, 'cus_1', live)).toBe('UNAUTHENTICATED');
    expect(etaAccess(admin, null, [])).toBe('ALLOWED');
  });
});

describe('reportLocationAccess', () => {
  it('when a courier reports, then it is allowed; anyone else is refused', () => {
    expect(reportLocationAccess(courier)).toBe('ALLOWED');
    expect(reportLocationAccess(null)).toBe('UNAUTHENTICATED');
    for (const who of [admin, service, customer, staff, partner]) expect(reportLocationAccess(who)).toBe('FORBIDDEN');
  });
});
