import { Loop, type Logger } from '@qc/shared';
import type { HistoryRepository, PositionRepository } from '../data';
import type { HistoryRecord, LocationReportRecord, PositionRecord } from '../data/types';

export interface LocationWriterOptions {
  /** How often buffered reports are written. */
  flushMs?: number;
  /** Rows per statement; reaching it starts a flush before the timer does. */
  batchSize?: number;
  /** History rows held at most while Postgres does not take them; the oldest go first beyond it. */
  maxPending?: number;
}

/**
 * Writes kept reports to Postgres in batches, off the request path: the durable copy of each courier's
 * latest position (one upsert per batch, newest per courier) and the history rows of couriers on a
 * delivery (one INSERT per batch). A failed batch is put back and tried again at the next flush.
 * What is buffered when the process dies is lost (at most one flush interval; Redis still holds the
 * latest positions).
 */
export class LocationWriter {
  private latest = new Map<string, PositionRecord>();
  private history: HistoryRecord[] = [];
  private readonly loop: Loop;
  private flushing: Promise<void> | null = null;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;

  constructor(
    private readonly repos: { positions: Pick<PositionRepository, 'persistLatest'>; history: Pick<HistoryRepository, 'insertMany'> },
    private readonly log: Logger,
    opts: LocationWriterOptions = {},
  ) {
    this.flushMs = opts.flushMs ?? 500;
    this.batchSize = opts.batchSize ?? 1000;
    this.maxPending = opts.maxPending ?? 100_000;
    this.loop = new Loop({ name: 'location-flush', everyMs: this.flushMs, log, runAtStart: false }, () => this.flush());
  }

  /** Buffers a kept report: always as the latest position, as history only when `orderId` is given. */
  add(report: LocationReportRecord, orderId: string | null): void {
    const { accuracy: _accuracy, ...position } = report;
    this.keepLatest(position);
    if (orderId) this.history.push({ ...report, orderId });
    if (this.history.length > this.maxPending) {
      const dropped = this.history.splice(0, this.history.length - this.maxPending);
      this.log.error({ dropped: dropped.length }, 'location history dropped: Postgres is not keeping up');
    }
    if (!this.flushing && this.full()) void this.flush();
  }

  private full(): boolean {
    return this.history.length >= this.batchSize || this.latest.size >= this.batchSize;
  }

  /** Reports waiting to be written (latest positions, history rows). */
  pending(): { latest: number; history: number } {
    return { latest: this.latest.size, history: this.history.length };
  }

  /** Flushes every `flushMs` until `stop()`. */
  start(): void {
    this.loop.start();
  }

  /**
   * Writes everything buffered now, in statements of at most `batchSize` rows. One flush at a time:
   * a call during a flush waits for it and then writes what arrived meanwhile.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.latest.size === 0 && this.history.length === 0) return;
    let written = false;
    this.flushing = this.writeBuffered().then((ok) => {
      written = ok;
      this.flushing = null;
    });
    await this.flushing;
    // Under load a full batch is waiting again by now; a failed write waits for the timer instead.
    if (written && this.full()) void this.flush();
  }

  /** Stops the loop and writes what is left; safe to call more than once. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.flush();
  }

  private keepLatest(position: PositionRecord): void {
    const kept = this.latest.get(position.courierId);
    if (!kept || position.recordedAt.getTime() >= kept.recordedAt.getTime()) this.latest.set(position.courierId, position);
  }

  /** Writes a snapshot of the buffer; false (and the rest put back) when Postgres refused. */
  private async writeBuffered(): Promise<boolean> {
    const latest = [...this.latest.values()];
    const history = this.history;
    this.latest = new Map();
    this.history = [];
    let latestDone = 0;
    let historyDone = 0;
    try {
      for (; latestDone < latest.length; latestDone += this.batchSize) {
        await this.repos.positions.persistLatest(latest.slice(latestDone, latestDone + this.batchSize));
      }
      for (; historyDone < history.length; historyDone += this.batchSize) {
        await this.repos.history.insertMany(history.slice(historyDone, historyDone + this.batchSize));
      }
      return true;
    } catch (error) {
      // Put back what was not written, ahead of what arrived meanwhile; newer positions still win.
      for (const position of latest.slice(latestDone)) this.keepLatest(position);
      this.history = [...history.slice(historyDone), ...this.history];
      this.log.warn({ err: error, pending: this.history.length }, 'location batch not written; will retry');
      return false;
    }
  }
}
