/** How the seed talks while it works: counts with separators, seconds, and at most a line a second. */

const COUNT = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567". */
export const formatCount = (n: number): string => COUNT.format(n);

/** Milliseconds → "12.3 s". */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Rows per second, rounded; "–" when the step took no measurable time. */
export const formatRate = (rows: number, ms: number): string => (ms > 0 ? `${formatCount(Math.round((rows * 1000) / ms))} rows/s` : '–');

/** "stock 1,250,000 / 4,000,000 rows (31%) 12.3 s". */
export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const percent = total > 0 ? Math.floor((done * 100) / total) : 100;
  return `${label} ${formatCount(done)} / ${formatCount(total)} rows (${percent}%) ${formatSeconds(elapsedMs)}`;
}

/** Passes lines on, dropping those that come less than `intervalMs` after the last one passed. */
export class Throttle {
  private last = -Infinity;

  constructor(
    private readonly emit: (line: string) => void,
    private readonly intervalMs = 1_000,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Emits `line()` unless a line went out less than the interval ago; the line is built only when sent. */
  maybe(line: () => string): void {
    const now = this.clock();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.emit(line());
  }

  /** Emits regardless and restarts the interval (step results, the summary). */
  always(line: string): void {
    this.last = this.clock();
    this.emit(line);
  }
}

export interface StepResult {
  subgraph: string;
  what: string;
  rows: number;
  ms: number;
}

/** The closing table: one line per step, aligned, then the total. */
export function summaryLines(steps: readonly StepResult[], totalMs: number): string[] {
  const rows = steps.reduce((sum, s) => sum + s.rows, 0);
  const subgraphWidth = Math.max(...steps.map((s) => s.subgraph.length), 8);
  const whatWidth = Math.max(...steps.map((s) => s.what.length), 4);
  const countWidth = Math.max(...steps.map((s) => formatCount(s.rows).length), formatCount(rows).length);
  return [
    `seeded ${formatCount(rows)} rows in ${formatSeconds(totalMs)}:`,
    ...steps.map(
      (s) =>
        `  ${s.subgraph.padEnd(subgraphWidth)}  ${s.what.padEnd(whatWidth)}  ${formatCount(s.rows).padStart(countWidth)}  ${formatSeconds(s.ms).padStart(8)}  ${formatRate(s.rows, s.ms)}`,
    ),
  ];
}
