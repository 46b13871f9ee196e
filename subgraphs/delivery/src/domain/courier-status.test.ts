import { courierStatusChange } from './courier-status';

describe('courierStatusChange', () => {
  it('when an offline courier goes IDLE, then they are online with their idle clock started', () => {
    expect(courierStatusChange('OFFLINE', 'IDLE')).toEqual({ kind: 'CHANGE', idle: 'start' });
  });

  it('when an idle courier goes OFFLINE, then their idle clock stops', () => {
    expect(courierStatusChange('IDLE', 'OFFLINE')).toEqual({ kind: 'CHANGE', idle: 'stop' });
  });

  it('when the courier asks for the status they have, then nothing changes', () => {
    expect(courierStatusChange('IDLE', 'IDLE')).toEqual({ kind: 'UNCHANGED' });
    expect(courierStatusChange('OFFLINE', 'OFFLINE')).toEqual({ kind: 'UNCHANGED' });
  });

  it('when a courier asks for OFFERED or BUSY, then it is BAD_USER_INPUT: dispatch sets those', () => {
    for (const from of ['OFFLINE', 'IDLE', 'OFFERED', 'BUSY'] as const) {
      expect(courierStatusChange(from, 'OFFERED')).toMatchObject({ kind: 'REFUSED', code: 'BAD_USER_INPUT' });
      expect(courierStatusChange(from, 'BUSY')).toMatchObject({ kind: 'REFUSED', code: 'BAD_USER_INPUT' });
    }
  });

  it('when an offered or busy courier tries to leave or reset, then it is INVALID_STATE with what to do first', () => {
    expect(courierStatusChange('OFFERED', 'OFFLINE')).toEqual({ kind: 'REFUSED', code: 'INVALID_STATE', message: 'You have an offer waiting: accept or decline it first' });
    expect(courierStatusChange('BUSY', 'OFFLINE')).toEqual({ kind: 'REFUSED', code: 'INVALID_STATE', message: 'You are carrying an order: deliver it first' });
    expect(courierStatusChange('OFFERED', 'IDLE')).toMatchObject({ kind: 'REFUSED', code: 'INVALID_STATE' });
    expect(courierStatusChange('BUSY', 'IDLE')).toMatchObject({ kind: 'REFUSED', code: 'INVALID_STATE' });
  });
});
