import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { Identity, Logger, Redis } from '@qc/shared';
import type { EdgeSettings } from './config';

/** Whose budget a request spends. */
export interface Client {
  kind: 'partner' | 'user' | 'anonymous';
  /** The partner id, the user's role and subject, or the IP address. */
  id: string;
}

/** A partner is keyed by its `partner_id` claim (its subject when the token has none); users by role and subject; everyone else by address. */
export function clientOf(identity: Identity | null, ip: string): Client {
  if (!identity) return { kind: 'anonymous', id: ip };
  if (identity.role === 'partner') return { kind: 'partner', id: identity.partnerId ?? identity.sub };
  return { kind: 'user', id: `${identity.role}:${identity.sub}` };
}

/** Longest a rate check waits for Redis before the replica's own count answers. */
const CHECK_TIMEOUT_MS = 250;

export type Verdict =
  | { allowed: true; limit: number; remaining: number; resetSeconds: number }
  | { allowed: false; limit: number; retryAfterSeconds: number };

/**
 * Per-client request budgets with rate-limiter-flexible on Redis: every replica counts in the same keys,
 * so a partner's 100 per minute are 100 whichever replica they reach.
 *
 * Redis down: **fail open to a per-replica budget**, deliberately. Each limiter has an in-memory
 * insurance limiter with the same budget, used while Redis does not answer (a check is refused at once
 * while the client is not connected, and given up after 250 ms when Redis is slow). The limits then hold per
 * replica instead of overall (N replicas let through up to N times a budget) — still bounded — while
 * the platform keeps serving: failing closed would turn a Redis outage, which costs the rest of the
 * platform little, into a full API outage for every client.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RLWrapperTimeouts>();
  private readonly wsAnonymous: RLWrapperTimeouts;
  private anonymousSockets = 0;
  private readonly stopLogging: () => void;

  /** Counts in the gateway's Redis client, which the gateway owns (connects and closes). */
  constructor(
    private readonly settings: EdgeSettings['rateLimits'],
    private readonly redis: Redis,
    log: Logger,
  ) {
    this.wsAnonymous = this.limiter('ws-anonymous', settings.wsAnonymous);
    let up: boolean | undefined = redis.status === 'ready' ? true : undefined;
    const ready = () => {
      if (up !== true) log.info('rate limits: Redis ready; budgets are shared by every replica');
      up = true;
    };
    const failed = (err: unknown) => {
      if (up !== false) log.warn({ err }, 'rate limits: Redis unreachable; each replica enforces the budgets on its own until it is back');
      up = false;
    };
    redis.on('ready', ready).on('error', failed);
    this.stopLogging = () => void redis.off('ready', ready).off('error', failed);
  }

  /** Spends one request of `client`'s budget. */
  async consume(client: Client): Promise<Verdict> {
    return this.spend(this.budgetOf(client), `${client.kind}:${client.id}`);
  }

  /** Spends one anonymous WebSocket connection of `ip`'s budget, and checks the replica's anonymous cap. */
  async admitAnonymousSocket(ip: string): Promise<Verdict & { release?: () => void }> {
    if (this.anonymousSockets >= this.settings.wsMaxAnonymousConnections) {
      return { allowed: false, limit: this.settings.wsMaxAnonymousConnections, retryAfterSeconds: 5 };
    }
    const verdict = await this.spendOn(this.wsAnonymous, this.settings.wsAnonymous, ip);
    if (!verdict.allowed) return verdict;
    this.anonymousSockets += 1;
    let released = false;
    return {
      ...verdict,
      release: () => {
        if (released) return;
        released = true;
        this.anonymousSockets -= 1;
      },
    };
  }

  /** Stops listening to the client; the gateway closes the client itself. */
  close(): void {
    this.stopLogging();
  }

  private budgetOf(client: Client): number {
    if (client.kind === 'partner') return this.settings.partners[client.id] ?? this.settings.partner;
    return client.kind === 'user' ? this.settings.user : this.settings.anonymous;
  }

  private spend(points: number, key: string): Promise<Verdict> {
    return this.spendOn(this.limiter('requests', points), points, key);
  }

  private async spendOn(limiter: RLWrapperTimeouts, points: number, key: string): Promise<Verdict> {
    try {
      const res = await limiter.consume(key);
      return { allowed: true, limit: points, remaining: res.remainingPoints, resetSeconds: Math.ceil(res.msBeforeNext / 1000) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, limit: points, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      // Both Redis and the insurance limiter failed: nothing to count with, so let the request through.
      return { allowed: true, limit: points, remaining: points, resetSeconds: this.settings.windowSeconds };
    }
  }

  /**
   * One limiter per budget size: rate-limiter-flexible fixes `points` per instance. The shared client
   * queues commands while it reconnects (the registry and the APQ store want that); a rate check must
   * not wait, so it is refused while the client is not ready and given up after CHECK_TIMEOUT_MS.
   */
  private limiter(name: string, points: number): RLWrapperTimeouts {
    const id = `${name}:${points}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RLWrapperTimeouts({
        limiter: new RateLimiterRedis({
          storeClient: this.redis,
          keyPrefix: `${this.settings.keyPrefix}:${name}`,
          points,
          duration: this.settings.windowSeconds,
          rejectIfRedisNotReady: true,
          // A client that has spent its budget is refused by this replica's memory until its window
          // resets — what Redis would answer anyway — so a flood past the budget costs no round trip.
          // The block lasts exactly the window's remaining time that Redis reported (no own duration).
          inMemoryBlockOnConsumed: points,
          insuranceLimiter: new RateLimiterMemory({ points, duration: this.settings.windowSeconds }),
        }),
        timeoutMs: CHECK_TIMEOUT_MS,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
