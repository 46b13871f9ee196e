import type { DeliveryStatus } from '../data/types';
import { DELIVERY_TRANSITIONS, nextDeliveryStatus, planDeliveryTransition, type DeliveryAction } from './delivery-status';

const ALL: DeliveryStatus[] = ['OFFERED', 'ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED'];
const ACTIONS: DeliveryAction[] = ['ACCEPT', 'PICK_UP', 'DELIVER', 'FAIL'];

describe('the delivery transition table', () => {
  it('when walked along the happy path, then OFFERED → ASSIGNED → PICKED_UP → DELIVERED', () => {
    expect(nextDeliveryStatus('OFFERED', 'ACCEPT')).toBe('ASSIGNED');
    expect(nextDeliveryStatus('ASSIGNED', 'PICK_UP')).toBe('PICKED_UP');
    expect(nextDeliveryStatus('PICKED_UP', 'DELIVER')).toBe('DELIVERED');
  });

  it('when an action does not fit the state, then there is no transition (no skipping, no going back)', () => {
    expect(nextDeliveryStatus('OFFERED', 'PICK_UP')).toBeNull();
    expect(nextDeliveryStatus('ASSIGNED', 'DELIVER')).toBeNull();
    expect(nextDeliveryStatus('PICKED_UP', 'ACCEPT')).toBeNull();
  });

  it('when a delivery is DELIVERED or FAILED, then nothing moves it any more', () => {
    for (const action of ACTIONS) {
      expect(nextDeliveryStatus('DELIVERED', action)).toBeNull();
      expect(nextDeliveryStatus('FAILED', action)).toBeNull();
    }
  });

  it('when a delivery is not final, then it can fail (cancellation, escalation)', () => {
    expect(ALL.filter((s) => DELIVERY_TRANSITIONS[s].FAIL === 'FAILED')).toEqual(['OFFERED', 'ASSIGNED', 'PICKED_UP']);
  });
});

describe('planDeliveryTransition', () => {
  it('when an assigned courier picks up a packed order, then it goes to PICKED_UP', () => {
    expect(planDeliveryTransition('ASSIGNED', 'PICK_UP', { packed: true })).toEqual({ ok: true, from: 'ASSIGNED', to: 'PICKED_UP' });
  });

  it('when the store has not packed yet, then the pickup is refused with that reason', () => {
    expect(planDeliveryTransition('ASSIGNED', 'PICK_UP', { packed: false })).toEqual({ ok: false, message: 'The store has not packed the order yet' });
  });

  it('when the state is wrong, then the refusal names the state and the one the action needs', () => {
    expect(planDeliveryTransition('DELIVERED', 'PICK_UP', { packed: true })).toEqual({
      ok: false,
      message: 'The delivery is DELIVERED; it can be picked up only when ASSIGNED',
    });
    expect(planDeliveryTransition('ASSIGNED', 'DELIVER', { packed: true })).toEqual({
      ok: false,
      message: 'The delivery is ASSIGNED; it can be delivered only when PICKED_UP',
    });
  });
});
