import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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
 * Spends ARGV[1] requests of the window counter KEYS[1] and answers its count and the window's milliseconds
 * left. The window starts with the first request (ARGV[2] ms) and is never extended. Same keys and values
 * as rate-limiter-flexible's RateLimiterRedis, which this replaced (see RateLimits), so replicas running
 * either count in one budget during a rolling deploy.
 */
const SPEND_LUA = `
local count = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl < 0 then
  redis.call('pexpire', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}`;

type SpendingRedis = Redis & { rateLimitSpend(key: string, points: number, windowMs: number): Promise<[number, number]> };

/** One budget size of one limiter, and the replica's own count used while Redis does not answer. */
interface Budget {
  name: string;
  points: number;
  insurance: RateLimiterMemory;
}

/** A check waiting for Redis's answer (or for its deadline, whichever comes first). */
interface Check {
  budget: Budget;
  client: string;
  deadline: number;
  settled: boolean;
  resolve(verdict: Verdict): void;
}

/** The checks of one client's counter: at most one Redis call in flight; those arriving meanwhile wait for it. */
interface Counter {
  key: string;
  inFlight: boolean;
  waiting: Check[];
}

/**
 * Per-client request budgets counted in Redis: every replica counts in the same keys, so a partner's
 * 100 per minute are 100 whichever replica they reach.
 *
 * Redis down: **fail open to a per-replica budget**, deliberately. Each budget has an in-memory
 * insurance limiter (rate-limiter-flexible's RateLimiterMemory) with the same budget, used while Redis
 * does not answer (a check is refused at once while the client is not connected, and given up after
 * 250 ms when Redis is slow). The limits then hold per replica instead of overall (N replicas let
 * through up to N times a budget) — still bounded — while the platform keeps serving: failing closed
 * would turn a Redis outage, which costs the rest of the platform little, into a full API outage for
 * every client.
 *
 * Why not rate-limiter-flexible's RateLimiterRedis in RLWrapperTimeouts (used before, same keys and
 * answers): one check went through four promise layers, a timer of its own and a RateLimiterRes, and its
 * script made three Redis calls. Measured with `bench edge-work`: when one client sends many checks at once
 * this costs half the gateway CPU per check; checks that come one at a time cost about the same either
 * way (most of that is the round trip itself). Here a check is one small script call (EVALSHA through ioredis, which
 * pipelines calls of the same tick), a single timer watches every check in flight, and checks of one
 * client that arrive while its call is in flight go together in the next call (INCRBY n), each answered
 * what it would have been answered one after the other.
 */
export class RateLimits {
  /** Request budgets by size: rate-limiter-flexible's RateLimiterMemory fixes `points` per instance. */
  private readonly requestBudgets = new Map<number, Budget>();
  private readonly counters = new Map<string, Counter>();
  /** Checks waiting for Redis in arrival order, hence in deadline order: one timer serves them all. */
  private readonly watched = new Set<Check>();
  private timer: NodeJS.Timeout | undefined;
  /**
   * Clients whose budget Redis reported spent, until their window resets (ms timestamps): refused by
   * this replica's memory — what Redis would answer anyway — so a flood past the budget costs no round trip.
   */
  private readonly blockedUntil = new Map<string, number>();
  private sweepBlockedAt = 1000;
  private readonly wsAnonymous: Budget;
  private anonymousSockets = 0;
  private readonly redis: SpendingRedis;
  private readonly windowMs: number;
  private readonly stopLogging: () => void;

  /** Counts in the gateway's Redis client, which the gateway owns (connects and closes). */
  constructor(
    private readonly settings: EdgeSettings['rateLimits'],
    redis: Redis,
    log: Logger,
  ) {
    redis.defineCommand('rateLimitSpend', { numberOfKeys: 1, lua: SPEND_LUA });
    this.redis = redis as SpendingRedis;
    this.windowMs = settings.windowSeconds * 1000;
    this.wsAnonymous = this.newBudget('ws-anonymous', settings.wsAnonymous);
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
  consume(client: Client): Promise<Verdict> {
    const points = this.budgetOf(client);
    let budget = this.requestBudgets.get(points);
    if (!budget) this.requestBudgets.set(points, (budget = this.newBudget('requests', points)));
    return this.spend(budget, `${client.kind}:${client.id}`);
  }

  /** Spends one anonymous WebSocket connection of `ip`'s budget, and checks the replica's anonymous cap. */
  async admitAnonymousSocket(ip: string): Promise<Verdict & { release?: () => void }> {
    if (this.anonymousSockets >= this.settings.wsMaxAnonymousConnections) {
      return { allowed: false, limit: this.settings.wsMaxAnonymousConnections, retryAfterSeconds: 5 };
    }
    const verdict = await this.spend(this.wsAnonymous, ip);
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

  private newBudget(name: string, points: number): Budget {
    return { name, points, insurance: new RateLimiterMemory({ points, duration: this.settings.windowSeconds }) };
  }

  private spend(budget: Budget, client: string): Promise<Verdict> {
    const key = `${this.settings.keyPrefix}:${budget.name}:${client}`;
    const blockedMs = this.blockedMs(key);
    if (blockedMs > 0) return Promise.resolve(refused(budget.points, blockedMs));
    // The shared client queues commands while it reconnects (the registry and the APQ store want that);
    // a rate check must not wait, so it is answered by the replica's own count at once.
    if (this.redis.status !== 'ready') return this.insured(budget, client);
    return new Promise((resolve) => {
      const check: Check = { budget, client, deadline: performance.now() + CHECK_TIMEOUT_MS, settled: false, resolve };
      this.watch(check);
      let counter = this.counters.get(key);
      if (!counter) {
        counter = { key, inFlight: false, waiting: [] };
        this.counters.set(key, counter);
      }
      counter.waiting.push(check);
      if (!counter.inFlight) this.send(counter);
    });
  }

  /** One call for every check waiting on `counter`: the n of them spend n, the i-th is answered as the i-th in a row. */
  private send(counter: Counter): void {
    const checks = counter.waiting;
    counter.waiting = [];
    counter.inFlight = true;
    const { points } = checks[0]!.budget;
    this.redis.rateLimitSpend(counter.key, checks.length, this.windowMs).then(
      ([count, ttl]) => {
        if (count >= points) this.block(counter.key, ttl);
        const before = count - checks.length;
        for (let i = 0; i < checks.length; i++) {
          const spent = before + i + 1;
          this.settle(checks[i]!, spent <= points ? allowed(points, points - spent, ttl) : refused(points, ttl));
        }
        this.next(counter);
      },
      () => {
        for (const check of checks) this.insure(check);
        this.next(counter);
      },
    );
  }

  /** After a call: the checks that arrived meanwhile go in the next one (or are refused by the block it learnt). */
  private next(counter: Counter): void {
    counter.inFlight = false;
    const waiting = counter.waiting;
    if (waiting.length === 0) {
      this.counters.delete(counter.key);
      return;
    }
    const blockedMs = this.blockedMs(counter.key);
    if (blockedMs > 0 || this.redis.status !== 'ready') {
      counter.waiting = [];
      this.counters.delete(counter.key);
      for (const check of waiting) {
        if (blockedMs > 0) this.settle(check, refused(check.budget.points, blockedMs));
        else this.insure(check);
      }
      return;
    }
    this.send(counter);
  }

  private watch(check: Check): void {
    this.watched.add(check);
    this.timer ??= setTimeout(this.expire, CHECK_TIMEOUT_MS);
  }

  /** Gives up on the checks past their deadline (their Redis call, when it answers, still counts them). */
  private readonly expire = () => {
    this.timer = undefined;
    const now = performance.now();
    for (const check of this.watched) {
      if (check.deadline > now) {
        this.timer = setTimeout(this.expire, Math.ceil(check.deadline - now));
        return;
      }
      this.insure(check);
    }
  };

  private settle(check: Check, verdict: Verdict): void {
    if (this.claim(check)) check.resolve(verdict);
  }

  private insure(check: Check): void {
    if (this.claim(check)) void this.insured(check.budget, check.client).then(check.resolve);
  }

  /** Whether `check` was still open: it is answered once, by Redis or by its deadline, whichever is first. */
  private claim(check: Check): boolean {
    if (check.settled) return false;
    check.settled = true;
    this.watched.delete(check);
    return true;
  }

  private async insured(budget: Budget, client: string): Promise<Verdict> {
    try {
      const res = await budget.insurance.consume(client);
      return allowed(budget.points, res.remainingPoints, res.msBeforeNext);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return refused(budget.points, rejection.msBeforeNext);
      // The insurance limiter failed too: nothing to count with, so let the request through.
      return { allowed: true, limit: budget.points, remaining: budget.points, resetSeconds: this.settings.windowSeconds };
    }
  }

  private blockedMs(key: string): number {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left > 0) return left;
    this.blockedUntil.delete(key);
    return 0;
  }

  private block(key: string, ms: number): void {
    this.blockedUntil.set(key, Date.now() + ms);
    if (this.blockedUntil.size < this.sweepBlockedAt) return;
    // Forget the expired blocks of clients that never came back, at most once per doubling of the map.
    const now = Date.now();
    for (const [blocked, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(blocked);
    this.sweepBlockedAt = Math.max(1000, 2 * this.blockedUntil.size);
  }
}

function allowed(limit: number, remaining: number, msLeft: number): Verdict {
  return { allowed: true, limit, remaining, resetSeconds: Math.ceil(msLeft / 1000) };
}

function refused(limit: number, msLeft: number): Verdict {
  return { allowed: false, limit, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
}
