import { formatCount, formatRate, formatSeconds, progressLine, summaryLines, Throttle } from './progress';

describe('progress formatting', () => {
  it('when counts and times are formatted, then they read like the seed prints them', () => {
    expect(formatCount(4_000_000)).toBe('4,000,000');
    expect(formatSeconds(12_345)).toBe('12.3 s');
    expect(formatRate(50_000, 2_000)).toBe('25,000 rows/s');
    expect(formatRate(10, 0)).toBe('–');
  });

  it('when a step is part way, then the line shows done, total, percent and time', () => {
    expect(progressLine('stock', 1_250_000, 4_000_000, 12_300)).toBe('stock 1,250,000 / 4,000,000 rows (31%) 12.3 s');
    expect(progressLine('stock', 0, 0, 0)).toBe('stock 0 / 0 rows (100%) 0.0 s');
  });

  it('when the summary is built, then every step has an aligned line and the total comes first', () => {
    const lines = summaryLines(
      [
        { subgraph: 'catalog', what: 'products', rows: 2_400, ms: 300 },
        { subgraph: 'availability', what: 'stock', rows: 108_535, ms: 4_100 },
      ],
      5_000,
    );
    expect(lines[0]).toBe('seeded 110,935 rows in 5.0 s:');
    expect(lines[1]).toBe('  catalog       products    2,400     0.3 s  8,000 rows/s');
    expect(lines[2]!.indexOf('108,535') + '108,535'.length).toBe(lines[1]!.indexOf('2,400') + '2,400'.length);
  });
});

describe('Throttle', () => {
  it('when lines come faster than the interval, then only one per interval passes; forced lines always pass', () => {
    let now = 0;
    const out: string[] = [];
    const throttle = new Throttle((l) => out.push(l), 1_000, () => now);
    const built: string[] = [];
    const line = (text: string) => () => (built.push(text), text);
    throttle.maybe(line('a'));
    now = 400;
    throttle.maybe(line('b'));
    now = 1_000;
    throttle.maybe(line('c'));
    throttle.always('done');
    now = 1_500;
    throttle.maybe(line('d'));
    now = 2_100;
    throttle.maybe(line('e'));
    expect(out).toEqual(['a', 'c', 'done', 'e']);
    // Dropped lines are never built: formatting millions of rows' progress costs nothing.
    expect(built).toEqual(['a', 'c', 'e']);
  });
});
