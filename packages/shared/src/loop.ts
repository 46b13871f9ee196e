import type { Logger } from './logger';

/**
 * What one run of a loop reports: `true` when more work is waiting (run again at once, e.g. a full
 * batch); `{ nextInMs }` when the next work it knows of is due that soon (the loop sleeps until then,
 * or `everyMs` if sooner, instead of polling); anything else when it is done until the next interval
 * or kick.
 */
export type LoopRun = () => Promise<boolean | void | { nextInMs: number }>;

export interface LoopOptions {
  /** Names the loop in every log line (`loop: <name>`). */
  name: string;
  /**
   * Pause between runs when nothing kicked the loop and the last run found no more work (nor named a
   * sooner time it is due): for a loop whose work is signalled or scheduled, only a safety net.
   */
  everyMs: number;
  log: Logger;
  /**
   * Up to this fraction of every pause is added at random (default 0.1), so the same loop in several
   * replicas does not hit the database in lockstep.
   */
  jitter?: number;
  /**
   * Longest pause after consecutive failed runs (default 30 s, never less than `retryMs`). Failures
   * double the pause from `retryMs` up to this, so an outage costs a few attempts a minute instead of
   * one per interval.
   */
  maxBackoffMs?: number;
  /**
   * What the failure backoff doubles from (default `everyMs`): a loop whose `everyMs` is a long safety
   * net (its work is signalled) still retries a failed run within seconds.
   */
  retryMs?: number;
  /** Runs once right after `start` (default) or only after the first pause. */
  runAtStart?: boolean;
  /**
   * A kicked run starts at least this long after the previous run started (default 0: at once). Kicks
   * that come one per event then share a run instead of costing one each: a loop whose run has a fixed
   * cost (reads before it knows what to do) does that work once per spacing at most, at the price of
   * a kick waiting up to this long. A run that reported more work, or a due time, is not held.
   */
  kickSpacingMs?: number;
}

/**
 * The one way to run periodic work. One run at a time (never overlapping), again every `everyMs`
 * (plus jitter), at once when kicked or when a run says more is waiting. A failed run is retried with
 * exponential backoff, and kicks do not cut a backoff short, so infrastructure that is down is not
 * hammered. The log says once that the loop is failing and once that it recovered, not every attempt.
 * `stop` waits for the run in flight.
 */
export class Loop {
  private readonly jitter: number;
  private readonly retryMs: number;
  private readonly maxBackoffMs: number;
  private running?: Promise<void>;
  private stopped = true;
  private kicked = false;
  private wake?: () => void;
  private failures = 0;
  private runs = 0;
  private readonly waiters: { after: number; resolve: () => void }[] = [];
  /** When the last run started (Date.now), for `kickSpacingMs`. */
  private lastStart = -Infinity;
  /** In the pause that spaces a kicked run: kicks must not cut it short. */
  private spacing = false;

  constructor(
    private readonly opts: LoopOptions,
    private readonly run: LoopRun,
  ) {
    this.jitter = opts.jitter ?? 0.1;
    this.retryMs = opts.retryMs ?? opts.everyMs;
    this.maxBackoffMs = Math.max(opts.maxBackoffMs ?? 30_000, this.retryMs);
  }

  get name(): string {
    return this.opts.name;
  }

  /** Consecutive failed runs (0 when the last run succeeded). */
  get failing(): number {
    return this.failures;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Asks for a run now instead of at the next interval (after the run in flight, if any); ignored while backing off. */
  kick(): void {
    this.kicked = true;
    if (this.failures === 0 && !this.spacing) this.wake?.();
  }

  /** Stops after the run in flight, and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  /** Resolves once a run that started after this call has finished (or the loop stopped): a signal for tests. */
  nextRun(): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ after: this.runs + (this.inRun ? 1 : 0), resolve }));
  }

  private inRun = false;

  private async loop(): Promise<void> {
    if (this.opts.runAtStart === false) await this.pause(this.opts.everyMs);
    let more = false;
    while (!this.stopped) {
      if (this.kicked && !more && !(await this.spaceKickedRun())) break;
      this.lastStart = Date.now();
      this.kicked = false;
      more = false;
      let nextInMs: number | undefined;
      this.inRun = true;
      try {
        const result = await this.run();
        more = result === true;
        if (typeof result === 'object' && result !== null) nextInMs = Math.max(0, result.nextInMs);
        if (this.failures > 0) this.opts.log.info({ loop: this.opts.name, failedRuns: this.failures }, 'background loop recovered');
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        if (this.failures === 1) this.opts.log.error({ err: error, loop: this.opts.name }, 'background loop failed; retrying with backoff');
        else this.opts.log.debug({ err: error, loop: this.opts.name, failedRuns: this.failures }, 'background loop still failing');
      }
      this.inRun = false;
      this.runs += 1;
      this.release();
      if (this.stopped) break;
      // A kick during the run means something arrived after the run looked: go again.
      if (this.failures === 0 && (more || this.kicked)) continue;
      // Known work is due at a set time: wake for it exactly (no jitter: being late is the cost, not lockstep).
      if (this.failures === 0 && nextInMs !== undefined && nextInMs < this.opts.everyMs) await this.pause(nextInMs, false);
      else await this.pause(this.failures === 0 ? this.opts.everyMs : Math.min(this.maxBackoffMs, this.retryMs * 2 ** this.failures));
    }
  }

  /** Holds a kicked run until `kickSpacingMs` after the last start; false when the loop stopped meanwhile. */
  private async spaceKickedRun(): Promise<boolean> {
    const wait = this.lastStart + (this.opts.kickSpacingMs ?? 0) - Date.now();
    if (wait <= 0) return true;
    this.spacing = true;
    try {
      await this.pause(wait, false);
    } finally {
      this.spacing = false;
    }
    return !this.stopped;
  }

  private pause(ms: number, jitter = true): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, jitter ? ms * (1 + this.jitter * Math.random()) : ms);
      // A loop never keeps a process alive on its own; whoever started it stops it.
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = undefined;
    });
  }

  private release(): void {
    for (let i = this.waiters.length - 1; i >= 0; i -= 1) {
      const waiter = this.waiters[i]!;
      if (this.runs > waiter.after) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
