import type { Logger } from '@qc/shared';

/**
 * Runs `work` every `intervalMs` until stopped, and at once when kicked (an event made work likely).
 * One run at a time; a run that reports more work waiting goes again without pausing.
 */
export class Ticker {
  private running?: Promise<void>;
  private stopped = true;
  private wake?: () => void;
  private timer?: NodeJS.Timeout;
  private kicked = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<boolean>,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Asks for a run now instead of at the next interval. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.kicked = false;
      let more = false;
      try {
        more = await this.work();
      } catch (error) {
        this.log.error({ err: error, worker: this.name }, 'background run failed; will run again');
      }
      // A kick during the run means something arrived after the run looked: go again.
      if (this.stopped || more || this.kicked) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.intervalMs);
      });
      this.wake = undefined;
      clearTimeout(this.timer);
    }
  }
}
