import { isLate, type SlaFacts } from './sla';

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
