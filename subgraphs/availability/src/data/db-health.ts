import { withTimeout, type Knex } from '@qc/shared';

export interface DbHealthOptions {
  /** How long a probe's answer is trusted before the next request starts another. */
  freshMs?: number;
  /** A probe slower than this counts as down: a hanging database must not hang availability. */
  timeoutMs?: number;
}

/**
 * Whether Postgres answers, as availability needs to know to set `stale`. At most one `select 1` per
 * `freshMs` per process; once an answer is known, requests use it and the next probe runs in the
 * background, so only a process's very first lookup waits for one. A failed query elsewhere marks the
 * database down at once.
 */
export class DbHealth {
  private state: { up: boolean; at: number } | null = null;
  private probing: Promise<boolean> | null = null;
  private readonly freshMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly db: Knex,
    opts: DbHealthOptions = {},
  ) {
    this.freshMs = opts.freshMs ?? 1000;
    this.timeoutMs = opts.timeoutMs ?? 500;
  }

  async isUp(): Promise<boolean> {
    const known = this.state;
    if (known && Date.now() - known.at < this.freshMs) return known.up;
    const probe = this.probe();
    return known ? known.up : probe;
  }

  markDown(): void {
    this.state = { up: false, at: Date.now() };
  }

  private probe(): Promise<boolean> {
    this.probing ??= withTimeout(this.db.raw('select 1'), this.timeoutMs, 'postgres')
      .then(
        () => true,
        () => false,
      )
      .then((up) => {
        this.state = { up, at: Date.now() };
        this.probing = null;
        return up;
      });
    return this.probing;
  }
}
