import type { Identity } from '@qc/shared';
import { adminAccess, courierAccess, courierActionAccess, deliveryAccess, deliveryLookupAccess, enforce, requireCourier } from './access';

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

describe('deliveryAccess', () => {
  it('when nobody is signed in, then the answer is UNAUTHENTICATED', () => {
    expect(deliveryAccess(null, { courierId: 'cou_1' })).toBe('UNAUTHENTICATED');
  });

  it('when the assigned courier asks, then it is allowed', () => {
    expect(deliveryAccess(courier, { courierId: 'cou_1' })).toBe('ALLOWED');
    expect(deliveryAccess(courierWithOwnId, { courierId: 'cou_2' })).toBe('ALLOWED');
  });

  it('when another courier asks, then it is forbidden', () => {
    expect(deliveryAccess(courier, { courierId: 'cou_2' })).toBe('FORBIDDEN');
  });

  it('when a courier asks for a delivery nobody is assigned to, then it is forbidden', () => {
    expect(deliveryAccess(courier, { courierId: null })).toBe('FORBIDDEN');
  });

  it('when an admin asks, then it is allowed, assigned or not', () => {
    expect(deliveryAccess(admin, { courierId: 'cou_1' })).toBe('ALLOWED');
    expect(deliveryAccess(admin, { courierId: null })).toBe('ALLOWED');
  });

  it('when a customer whose subject equals the courier id asks, then it is forbidden', () => {
    expect(deliveryAccess(customer, { courierId: 'cou_1' })).toBe('FORBIDDEN');
  });
});

describe('enforce', () => {
  it('when the decision is a refusal, then the matching GraphQL error is thrown', () => {
    expect(() => enforce('UNAUTHENTICATED')).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
    expect(() => enforce('FORBIDDEN', 'no')).toThrow(expect.objectContaining({ message: 'no', extensions: { code: 'FORBIDDEN' } }));
  });

  it('when the decision is ALLOWED, then nothing is thrown', () => {
    expect(() => enforce('ALLOWED')).not.toThrow();
  });
});

describe('courierActionAccess and requireCourier', () => {
  it('when a courier acts, then it is allowed and they act as their courier id', () => {
    expect(courierActionAccess(courier)).toBe('ALLOWED');
    expect(requireCourier(courierWithOwnId)).toBe('cou_2');
  });

  it('when an admin, customer or staff member acts as a courier, then it is forbidden', () => {
    for (const identity of [admin, customer, staff]) {
      expect(courierActionAccess(identity)).toBe('FORBIDDEN');
      expect(() => requireCourier(identity)).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
    }
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', () => {
    expect(courierActionAccess(null)).toBe('UNAUTHENTICATED');
    expect(() => requireCourier(null)).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
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
