import type { Identity } from '@qc/shared';
import { adminAccess, courierAccess, courierActionAccess, deliveryAccess, deliveryLookupAccess, offerAccess, proofAccess } from './access';

const admin: Identity = { sub: 'adm_1', role: 'admin' };
const courier: Identity = { sub: 'cou_1', role: 'courier' };
const courierWithOwnId: Identity = { sub: 'user-42', role: 'courier', courierId: 'cou_2' };
const customer: Identity = { sub: 'cou_1', role: 'customer' };
const staff: Identity = { sub: 'stf_1', role: 'store_staff', storeId: 'str_1' };

describe('courierAccess', () => {
  it('when nobody is signed in, then the answer is UNAUTHENTICATED', () => {
    expect(courierAccess(null, 'cou_1')).toBe('UNAUTHENTICATED');
  });

  it('when the courier asks for themselves, then it is allowed', () => {
    expect(courierAccess(courier, 'cou_1')).toBe('ALLOWED');
    expect(courierAccess(courierWithOwnId, 'cou_2')).toBe('ALLOWED');
  });

  it('when the courier token names a courierId, then its subject no longer counts', () => {
    expect(courierAccess(courierWithOwnId, 'user-42')).toBe('FORBIDDEN');
  });

  it('when a courier asks for another courier, then it is forbidden', () => {
    expect(courierAccess(courier, 'cou_2')).toBe('FORBIDDEN');
  });

  it('when an admin asks, then it is allowed', () => {
    expect(courierAccess(admin, 'cou_9')).toBe('ALLOWED');
  });

  it('when a customer whose subject equals the id asks, then it is forbidden', () => {
    expect(courierAccess(customer, 'cou_1')).toBe('FORBIDDEN');
    expect(courierAccess(staff, 'cou_1')).toBe('FORBIDDEN');
  });
});

describe('deliveryLookupAccess', () => {
  it('when nobody is signed in, then the answer is UNAUTHENTICATED', () => {
    expect(deliveryLookupAccess(null)).toBe('UNAUTHENTICATED');
  });

  it('when an admin or a courier looks up, then it is allowed', () => {
    expect(deliveryLookupAccess(admin)).toBe('ALLOWED');
    expect(deliveryLookupAccess(courier)).toBe('ALLOWED');
  });

  it('when a customer, staff or partner looks up, then it is forbidden', () => {
    expect(deliveryLookupAccess(customer)).toBe('FORBIDDEN');
    expect(deliveryLookupAccess(staff)).toBe('FORBIDDEN');
    expect(deliveryLookupAccess({ sub: 'p', role: 'partner', partnerId: 'p' })).toBe('FORBIDDEN');
  });
});

const parties = { courierId: 'cou_1', offeredCourierId: null, storeId: 'str_1', customerId: 'cus_1' };
const buyer: Identity = { sub: 'cus_1', role: 'customer' };
const otherStaff: Identity = { sub: 'stf_2', role: 'store_staff', storeId: 'str_2' };

describe('deliveryAccess', () => {
  it('when nobody is signed in, then the answer is UNAUTHENTICATED', () => {
    expect(deliveryAccess(null, parties)).toBe('UNAUTHENTICATED');
  });

  it('when its courier, its store, its customer or an admin asks, then it is allowed', () => {
    for (const who of [courier, staff, buyer, admin]) expect(deliveryAccess(who, parties)).toBe('ALLOWED');
    expect(deliveryAccess(courierWithOwnId, { ...parties, courierId: 'cou_2' })).toBe('ALLOWED');
  });

  it('when the courier it is offered to asks, then it is allowed; another courier is forbidden', () => {
    const offered = { ...parties, courierId: null, offeredCourierId: 'cou_2' };
    expect(deliveryAccess(courierWithOwnId, offered)).toBe('ALLOWED');
    expect(deliveryAccess(courier, offered)).toBe('FORBIDDEN');
  });

  it('when another store, another customer, or a customer whose subject equals the courier id asks, then it is forbidden', () => {
    expect(deliveryAccess(otherStaff, parties)).toBe('FORBIDDEN');
    expect(deliveryAccess({ sub: 'cus_9', role: 'customer' }, parties)).toBe('FORBIDDEN');
    expect(deliveryAccess(customer, parties)).toBe('FORBIDDEN');
  });

  it('when the customer is not known yet, then no customer is let in', () => {
    expect(deliveryAccess(buyer, { ...parties, customerId: null })).toBe('FORBIDDEN');
  });
});

describe('proofAccess and offerAccess', () => {
  it('when the store asks for the proof of delivery, then it is forbidden; the courier and customer may', () => {
    expect(proofAccess(staff, parties)).toBe('FORBIDDEN');
    expect(proofAccess(courier, parties)).toBe('ALLOWED');
    expect(proofAccess(buyer, parties)).toBe('ALLOWED');
  });

  it('when someone other than the offered courier asks for an offer, then it is forbidden', () => {
    expect(offerAccess(courier, { courierId: 'cou_1' })).toBe('ALLOWED');
    expect(offerAccess(courierWithOwnId, { courierId: 'cou_1' })).toBe('FORBIDDEN');
    expect(offerAccess(admin, { courierId: 'cou_1' })).toBe('ALLOWED');
  });
});

describe('courierActionAccess', () => {
  it('when a courier acts, then it is allowed', () => {
    expect(courierActionAccess(courier)).toBe('ALLOWED');
  });

  it('when an admin, customer or staff member acts as a courier, then it is forbidden', () => {
    for (const identity of [admin, customer, staff]) expect(courierActionAccess(identity)).toBe('FORBIDDEN');
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', () => {
    expect(courierActionAccess(null)).toBe('UNAUTHENTICATED');
  });
});

describe('adminAccess', () => {
  it('when an admin asks, then it is allowed; anyone else signed in is forbidden; nobody is unauthenticated', () => {
    expect(adminAccess(admin)).toBe('ALLOWED');
    expect(adminAccess(courier)).toBe('FORBIDDEN');
    expect(adminAccess(staff)).toBe('FORBIDDEN');
    expect(adminAccess(null)).toBe('UNAUTHENTICATED');
  });
});
