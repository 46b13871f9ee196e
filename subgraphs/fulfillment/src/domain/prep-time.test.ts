import { prepMinutes, promisedReadyAt } from './prep-time';

describe('prepMinutes', () => {
  it('when a small order arrives at an idle store, then the promise is the 10-minute floor', () => {
    // 8 + 1 + 0.25 = 9.25
    expect(prepMinutes({ lines: 1, units: 1, openTasksAhead: 0 })).toBe(10);
  });

  it('when the estimate has a fraction of a minute, then it is rounded up', () => {
    // 8 + 4 + 0.25 × 6 + 0.5 × 1 = 14
    expect(prepMinutes({ lines: 4, units: 6, openTasksAhead: 1 })).toBe(14);
    // 8 + 4 + 0.25 × 7 + 0.5 × 1 = 14.25
    expect(prepMinutes({ lines: 4, units: 7, openTasksAhead: 1 })).toBe(15);
  });

  it('when the queue ahead grows, then the promise grows with it', () => {
    const idle = prepMinutes({ lines: 3, units: 3, openTasksAhead: 0 });
    const busy = prepMinutes({ lines: 3, units: 3, openTasksAhead: 6 });
    expect(busy - idle).toBe(3);
  });

  it('when a big order meets a long queue, then the promise stops at the 20-minute ceiling', () => {
    expect(prepMinutes({ lines: 30, units: 80, openTasksAhead: 40 })).toBe(20);
  });
});

describe('promisedReadyAt', () => {
  it('when an order was confirmed, then it is promised for confirmation plus the estimate', () => {
    const confirmedAt = new Date('2026-11-25T10:00:00.000Z');
    expect(promisedReadyAt(confirmedAt, { lines: 4, units: 6, openTasksAhead: 1 })).toEqual(new Date('2026-11-25T10:14:00.000Z'));
  });
});
