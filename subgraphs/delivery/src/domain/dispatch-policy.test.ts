import { afterMiss, attemptsExhausted, maxRadiusLevel, onEmptySearch, searchRadius, type SearchRules } from './dispatch-policy';

const rules: SearchRules = { baseRadiusMeters: 3000, maxRadiusMeters: 12_000, missesBeforeWidening: 3, maxAttempts: 9, noCourierTimeoutMs: 60_000 };
const now = new Date('2026-11-25T12:00:00Z');

describe('searchRadius and maxRadiusLevel', () => {
  it('when the level rises, then the radius doubles up to the maximum', () => {
    expect([0, 1, 2, 3].map((level) => searchRadius(level, rules))).toEqual([3000, 6000, 12_000, 12_000]);
    expect(maxRadiusLevel(rules)).toBe(2);
  });

  it('when the maximum is not a doubling of the base, then the last level is capped at the maximum', () => {
    const odd = { ...rules, maxRadiusMeters: 10_000 };
    expect(maxRadiusLevel(odd)).toBe(2);
    expect(searchRadius(2, odd)).toBe(10_000);
  });

  it('when base and maximum are equal, then there is nothing to widen', () => {
    expect(maxRadiusLevel({ ...rules, maxRadiusMeters: 3000 })).toBe(0);
  });
});

describe('afterMiss', () => {
  it('when fewer than N misses have piled up, then the radius stays', () => {
    expect(afterMiss({ misses: 0, radiusLevel: 0 }, rules)).toEqual({ misses: 1, radiusLevel: 0 });
    expect(afterMiss({ misses: 1, radiusLevel: 0 }, rules)).toEqual({ misses: 2, radiusLevel: 0 });
  });

  it('when the Nth miss happens, then the radius widens one level, and again every N misses', () => {
    expect(afterMiss({ misses: 2, radiusLevel: 0 }, rules)).toEqual({ misses: 3, radiusLevel: 1 });
    expect(afterMiss({ misses: 5, radiusLevel: 1 }, rules)).toEqual({ misses: 6, radiusLevel: 2 });
  });

  it('when the radius is at its widest, then more misses do not widen it further', () => {
    expect(afterMiss({ misses: 8, radiusLevel: 2 }, rules)).toEqual({ misses: 9, radiusLevel: 2 });
  });
});

describe('onEmptySearch', () => {
  it('when nobody is free within the radius and it can still grow, then it widens at once', () => {
    expect(onEmptySearch({ radiusLevel: 0, dueSince: null }, now, rules)).toEqual({ kind: 'WIDEN', radiusLevel: 1 });
  });

  it('when nobody is free at the widest radius, then the order waits until the no-courier timeout, then escalates', () => {
    expect(onEmptySearch({ radiusLevel: 2, dueSince: null }, now, rules)).toEqual({ kind: 'WAIT' });
    expect(onEmptySearch({ radiusLevel: 2, dueSince: new Date(now.getTime() - 59_999) }, now, rules)).toEqual({ kind: 'WAIT' });
    expect(onEmptySearch({ radiusLevel: 2, dueSince: new Date(now.getTime() - 60_000) }, now, rules)).toEqual({ kind: 'ESCALATE' });
  });
});

describe('attemptsExhausted', () => {
  it('when M offers have been made, then the order is escalated, not before', () => {
    expect(attemptsExhausted(8, rules)).toBe(false);
    expect(attemptsExhausted(9, rules)).toBe(true);
  });
});
