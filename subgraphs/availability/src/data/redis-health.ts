import { withTimeout, type Logger, type Redis } from '@qc/shared';

export interface RedisHealthOptions {
  /** How long a read may take before it counts as a failure (availability's p99 target is 100 ms). */
  timeoutMs?: number;
  /** After a failure, how long reads skip Redis altogether before one tries again. */
  retryMs?: number;
}

/**
 * Whether availability may ask Redis, and asking it within availability's own budget. While the
 * connection is not `ready` (Redis down, reconnecting) nothing is sent at all, so an outage costs a
 * request no time; a read that fails or outlives `timeoutMs` (a server that accepted the connection
 * and answers nothing) makes the following reads skip Redis for `retryMs`. The caller then answers
 * from Postgres. The outage is logged once when it starts and once when it ends.
 */
export class RedisHealth {
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private downUntil = 0;
  private down = false;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    opts: RedisHealthOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 250;
    this.retryMs = opts.retryMs ?? 1000;
  }

  /** Whether a read would be tried now. */
  isUp(): boolean {
    return this.redis.status === 'ready' && Date.now() >= this.downUntil;
  }

  /** Runs `read` when Redis is up; resolves with `undefined` instead of failing or waiting past the budget. */
  async read<T>(read: () => Promise<T>): Promise<T | undefined> {
    if (!this.isUp()) {
      this.markDown(undefined);
      return undefined;
    }
    try {
      const value = await withTimeout(read(), this.timeoutMs, 'redis');
      if (this.down) {
        this.down = false;
        this.log.info('Redis answers again; availability reads its index and cache');
      }
      return value;
    } catch (error) {
      this.downUntil = Date.now() + this.retryMs;
      this.markDown(error);
      return undefined;
    }
  }

  private markDown(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log.warn({ err: error, status: this.redis.status }, 'Redis is unreachable; availability answers from Postgres, flagged stale');
  }
}
