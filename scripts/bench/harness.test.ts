import { percentile } from './harness';

describe('bench percentiles', () => {
  it('when asked for p50/p99 of 1..100, then nearest-rank values come back', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('when there are no samples, then the percentile is NaN rather than a made-up number', () => {
    expect(percentile([], 99)).toBeNaN();
  });
});
