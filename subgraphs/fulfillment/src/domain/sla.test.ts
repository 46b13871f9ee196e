import { dueInMinutes, isLate, minutesLate, type SlaFacts } from './sla';

const promisedReadyAt = new Date('2026-11-22T10:15:00Z');
const before = new Date('2026-11-22T10:14:59Z');
const after = new Date('2026-11-22T10:15:01Z');
const task = (facts: Partial<SlaFacts>): SlaFacts => ({ status: 'QUEUED', promisedReadyAt, packedAt: null, ...facts });

describe('isLate', () => {
  it.each(['QUEUED', 'PICKING'] as const)('when a %s task is still open after its promise, then it is late', (status) => {
    expect(isLate(task({ status }), after)).toBe(true);
  });

  it.each(['QUEUED', 'PICKING'] as const)('when a %s task is open before or exactly at its promise, then it is not late', (status) => {
    expect(isLate(task({ status }), before)).toBe(false);
    expect(isLate(task({ status }), promisedReadyAt)).toBe(false);
  });

  it('when a task was packed after its promise, then it is late however early "now" is', () => {
    expect(isLate(task({ status: 'PACKED', packedAt: after }), before)).toBe(true);
  });

  it('when a task was packed on or before its promise, then it is not late however late "now" is', () => {
    const muchLater = new Date('2026-11-23T00:00:00Z');
    expect(isLate(task({ status: 'PACKED', packedAt: before }), muchLater)).toBe(false);
    expect(isLate(task({ status: 'PACKED', packedAt: promisedReadyAt }), muchLater)).toBe(false);
  });

  it('when a task was cancelled, then it is never late', () => {
    expect(isLate(task({ status: 'CANCELLED' }), after)).toBe(false);
  });
});

describe('minutesLate', () => {
  it('when an open task is 10 seconds past its promise, then it is 1 minute late (rounded up)', () => {
    expect(minutesLate(task({}), new Date(promisedReadyAt.getTime() + 10_000))).toBe(1);
  });

  it('when an open task is on time or exactly at its promise, then it is 0 minutes late', () => {
    expect(minutesLate(task({}), before)).toBe(0);
    expect(minutesLate(task({ status: 'PICKING' }), promisedReadyAt)).toBe(0);
  });

  it('when a task was packed 3.5 minutes late, then it stays 4 minutes late whatever "now" is', () => {
    const packedAt = new Date(promisedReadyAt.getTime() + 210_000);
    expect(minutesLate(task({ status: 'PACKED', packedAt }), new Date('2026-11-30T00:00:00Z'))).toBe(4);
  });

  it('when a task was cancelled, then it is 0 minutes late', () => {
    expect(minutesLate(task({ status: 'CANCELLED' }), after)).toBe(0);
  });

  it('when a task is late, then minutesLate is above zero, and when not, it is zero (agrees with isLate)', () => {
    for (const t of [task({}), task({ status: 'PACKED', packedAt: after }), task({ status: 'PACKED', packedAt: before }), task({ status: 'CANCELLED' })]) {
      for (const now of [before, promisedReadyAt, after]) expect(minutesLate(t, now) > 0).toBe(isLate(t, now));
    }
  });
});

describe('dueInMinutes', () => {
  it('when an open task has 5.5 minutes left, then it is due in 5 (rounded down)', () => {
    expect(dueInMinutes(task({}), new Date(promisedReadyAt.getTime() - 330_000))).toBe(5);
  });

  it('when an open task is in its last minute or exactly at its promise, then it is due in 0', () => {
    expect(dueInMinutes(task({ status: 'PICKING' }), before)).toBe(0);
    expect(dueInMinutes(task({}), promisedReadyAt)).toBe(0);
  });

  it('when an open task is past its promise, then it is due in a negative number of minutes', () => {
    expect(dueInMinutes(task({}), after)).toBe(-1);
    expect(dueInMinutes(task({}), new Date(promisedReadyAt.getTime() + 125_000))).toBe(-3);
  });

  it.each(['PACKED', 'CANCELLED'] as const)('when a task is %s, then nothing is due', (status) => {
    expect(dueInMinutes(task({ status, packedAt: status === 'PACKED' ? before : null }), before)).toBeNull();
  });
});
