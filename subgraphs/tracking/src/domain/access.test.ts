import { courierPositionAccess, enforce, reportLocationAccess } from './access';

describe('courierPositionAccess', () => {
  it('when nobody is signed in, then the answer is UNAUTHENTICATED', () => {
    expect(courierPositionAccess(null, 'cou_1')).toBe('UNAUTHENTICATED');
  });

  it('when the courier asks for their own position, then it is allowed', () => {
    expect(courierPositionAccess({ sub: 'cou_1', role: 'courier' }, 'cou_1')).toBe('ALLOWED');
    expect(courierPositionAccess({ sub: 'user_9', role: 'courier', courierId: 'cou_1' }, 'cou_1')).toBe('ALLOWED');
  });

  it('when a courier asks for another courier, then it is FORBIDDEN', () => {
    expect(courierPositionAccess({ sub: 'cou_2', role: 'courier' }, 'cou_1')).toBe('FORBIDDEN');
    // The token's courierId wins over sub, so a sub that happens to match grants nothing.
    expect(courierPositionAccess({ sub: 'cou_1', role: 'courier', courierId: 'cou_2' }, 'cou_1')).toBe('FORBIDDEN');
  });

  it('when an admin asks, then it is allowed for any courier', () => {
    expect(courierPositionAccess({ sub: 'adm_1', role: 'admin' }, 'cou_1')).toBe('ALLOWED');
  });

  it('when another role asks, even with a matching subject, then it is FORBIDDEN', () => {
    for (const role of ['customer', 'store_staff', 'partner'] as const) {
      expect(courierPositionAccess({ sub: 'cou_1', role }, 'cou_1')).toBe('FORBIDDEN');
    }
  });
});

describe('enforce', () => {
  it('when a decision refuses, then the matching GraphQL error code is thrown; when it allows, nothing is', () => {
    expect(() => enforce('ALLOWED')).not.toThrow();
    expect(() => enforce('UNAUTHENTICATED')).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
    expect(() => enforce('FORBIDDEN')).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
  });
});

describe('reportLocationAccess', () => {
  it('when a courier reports, then the report is for their own courier id', () => {
    expect(reportLocationAccess({ sub: 'cou_1', role: 'courier' })).toEqual({ decision: 'ALLOWED', courierId: 'cou_1' });
    expect(reportLocationAccess({ sub: 'usr_9', role: 'courier', courierId: 'cou_2' })).toEqual({ decision: 'ALLOWED', courierId: 'cou_2' });
  });

  it('when nobody is signed in, then it is UNAUTHENTICATED', () => {
    expect(reportLocationAccess(null)).toEqual({ decision: 'UNAUTHENTICATED', courierId: null });
  });

  it('when anyone but a courier reports, admins and internal services included, then it is FORBIDDEN', () => {
    for (const role of ['customer', 'store_staff', 'partner', 'admin', 'service'] as const) {
      expect(reportLocationAccess({ sub: 'cou_1', role, courierId: 'cou_1' })).toEqual({ decision: 'FORBIDDEN', courierId: null });
    }
  });
});
