import { decideEvent, HAPPY_PATH, happyPathIndex, progressTo } from './order-progress';
import { canTransition } from './order-status';

describe('progressTo (where an order stands relative to an event target)', () => {
  it('when the order is in the target status, then it is at it', () => {
    expect(progressTo('PACKED', 'PACKED')).toBe('at');
  });

  it('when the order is later on the happy path, then it is ahead', () => {
    expect(progressTo('ASSIGNED_TO_COURIER', 'PACKED')).toBe('ahead');
    expect(progressTo('DELIVERED', 'ASSIGNED_TO_STORE')).toBe('ahead');
  });

  it('when the order is earlier on the happy path, then it is behind', () => {
    expect(progressTo('PICKING', 'PACKED')).toBe('behind');
    expect(progressTo('CONFIRMED', 'DELIVERED')).toBe('behind');
  });

  it('when the order left the happy path, then it is off path', () => {
    for (const status of ['CANCELLED', 'REFUNDED', 'PAYMENT_FAILED', 'REJECTED'] as const) expect(progressTo(status, 'PICKING')).toBe('off_path');
  });

  it('when the target is off the happy path, then it throws', () => {
    expect(() => progressTo('PICKING', 'CANCELLED')).toThrow('not on the happy path');
  });

  it('the happy path follows the state machine one step at a time', () => {
    for (let i = 1; i < HAPPY_PATH.length; i++) expect(canTransition(HAPPY_PATH[i - 1]!, HAPPY_PATH[i]!)).toBe(true);
    expect(happyPathIndex('CANCELLED')).toBe(-1);
  });
});

describe('decideEvent (what an out-of-order event does)', () => {
  it('when the target is the next step, then it is applied', () => {
    expect(decideEvent('CONFIRMED', 'ASSIGNED_TO_STORE')).toBe('apply');
    expect(decideEvent('PACKED', 'ASSIGNED_TO_COURIER')).toBe('apply');
    expect(decideEvent('PICKED_UP', 'IN_TRANSIT')).toBe('apply');
  });

  it('when the order is already at or past the target, then it is a no-op', () => {
    expect(decideEvent('PACKED', 'PACKED')).toBe('noop');
    expect(decideEvent('ASSIGNED_TO_COURIER', 'PACKED')).toBe('noop');
  });

  it('when the order is more than one step behind, then the event is deferred', () => {
    expect(decideEvent('PICKING', 'ASSIGNED_TO_COURIER')).toBe('defer');
    expect(decideEvent('PACKED', 'IN_TRANSIT')).toBe('defer');
  });

  it('when the order was cancelled, refunded or never placed, then the event is ignored', () => {
    expect(decideEvent('CANCELLED', 'PACKED')).toBe('ignore');
    expect(decideEvent('REFUNDED', 'DELIVERED')).toBe('ignore');
    expect(decideEvent('REJECTED', 'ASSIGNED_TO_STORE')).toBe('ignore');
  });
});
