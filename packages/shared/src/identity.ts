import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { withTimeout } from './connections';
import type { Logger } from './logger';
import { randomHex } from './random';

/** Roles a person or partner can hold in a token. */
export const ROLES = ['customer', 'store_staff', 'courier', 'partner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A subgraph calling another subgraph directly (e.g. orders reserving stock). Never accepted from a
 * client token: only a holder of the HMAC secret can sign it.
 */
export const SERVICE_ROLE = 'service' as const;

/**
 * Who is calling, as the gateway verified it from the JWT. `storeId` is set for store staff and
 * `courierId` for couriers (it equals `sub` unless the token says otherwise).
 */
export const identitySchema = z.object({
  sub: z.string().min(1),
  role: z.enum([...ROLES, SERVICE_ROLE]),
  storeId: z.string().optional(),
  courierId: z.string().optional(),
  partnerId: z.string().optional(),
});
export type Identity = z.infer<typeof identitySchema>;

/** The courier a caller acts as: couriers only, their token's `courierId` when it has one, else `sub`. */
export const courierIdOf = (identity: Identity | null): string | null =>
  identity?.role === 'courier' ? (identity.courierId ?? identity.sub) : null;

/** Headers the gateway adds to every subgraph request. */
export const HEADERS = {
  identity: 'x-qc-identity',
  requestId: 'x-request-id',
  timestamp: 'x-qc-timestamp',
  /** Random per request, so two identical sub-requests in one millisecond are still distinct. */
  nonce: 'x-qc-nonce',
  signature: 'x-qc-signature',
} as const;

/** How far a signed request's timestamp may be from the subgraph's clock. */
export const SIGNATURE_MAX_SKEW_MS = 30_000;
/** How long a used signature is remembered: as long as any replica's clock could still accept it. */
export const REPLAY_TTL_MS = 2 * SIGNATURE_MAX_SKEW_MS;

export const encodeIdentity = (identity: Identity | null): string =>
  identity ? Buffer.from(JSON.stringify(identity)).toString('base64url') : '';

export function decodeIdentity(encoded: string): Identity | null {
  if (!encoded) return null;
  const parsed = identitySchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
  if (!parsed.success) throw new Error('identity header is malformed');
  return parsed.data;
}

/** What a signature covers besides the headers it travels with. */
export interface SignedRequest {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Path and query string as the server sees them (`/graphql?x=1`), so a signed GET cannot run another `?query=`. */
  target: string;
  body: string | Buffer;
}

interface SignedParts extends SignedRequest {
  timestamp: string;
  nonce: string;
  requestId: string;
  identity: string;
}

/** Length of a signature in bytes (HMAC-SHA256). */
const SIGNATURE_BYTES = 32;
const SIGNATURE_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * The signature binds the method, path and query string, the exact body bytes, the identity and
 * request id headers and the time, so none of them can be changed or the request replayed outside
 * the skew window.
 */
export function computeSignature(secret: string, parts: SignedParts): Buffer {
  // One-shot hash: no Hash object per request (the same digest as createHash().update().digest()).
  const bodyHash = hash('sha256', parts.body, 'hex');
  return createHmac('sha256', hmacKey(secret))
    .update(['v2', parts.method.toUpperCase(), parts.target, parts.timestamp, parts.nonce, parts.requestId, parts.identity, bodyHash].join('\n'))
    .digest();
}

/** The secrets' key objects, made once: the gateway signs (and a subgraph verifies) every subgraph call. */
const hmacKeys = new Map<string, KeyObject>();
function hmacKey(secret: string): KeyObject {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    hmacKeys.set(secret, key);
  }
  return key;
}

const NONCE_BYTES = 12;
/** 12 random bytes as hex, from the shared CSPRNG pool (one draw per many signed requests). */
const nextNonce = (): string => randomHex(NONCE_BYTES);

/** `https://host:4001/graphql?x=1` → `/graphql?x=1`: the part of a URL a server sees as the request target. */
export const requestTarget = (url: string): string => {
  const parsed = new URL(url, 'http://localhost');
  return `${parsed.pathname}${parsed.search}`;
};

/** Headers for a request from the gateway (or a test or tool speaking for it) to a subgraph. */
export function signRequest(
  secret: string,
  request: SignedRequest,
  identity: Identity | null,
  requestId: string,
  now: number = Date.now(),
): Record<string, string> {
  return signEncoded(secret, request, encodeIdentity(identity), requestId, now);
}

/** Like `signRequest` for a caller that already holds the encoded identity header (the gateway's fetcher). */
export function signEncoded(
  secret: string,
  request: SignedRequest,
  encodedIdentity: string,
  requestId: string,
  now: number = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  const nonce = nextNonce();
  return {
    [HEADERS.identity]: encodedIdentity,
    [HEADERS.requestId]: requestId,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.nonce]: nonce,
    [HEADERS.signature]: computeSignature(secret, { ...request, timestamp, nonce, requestId, identity: encodedIdentity }).toString('hex'),
  };
}

export type VerifyResult =
  | { ok: true; identity: Identity | null; requestId: string }
  | { ok: false; reason: string; status: 401 | 503 };

/** A request whose signature, time and identity passed, its signature not yet recorded as used. */
export type CheckResult =
  | { ok: true; identity: Identity | null; requestId: string; signature: string }
  | { ok: false; reason: string; status: 401 };

/** Why a request whose signature was already used is refused. */
export const REPLAYED = 'request was already used';

type HeaderBag = Record<string, string | string[] | undefined>;
const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Remembers signatures already used. Shared by every replica of every subgraph (Redis), so a request
 * captured on its way to one replica cannot be played to another.
 */
export interface ReplayStore {
  /** Records `key` for `ttlMs`; false when it was already recorded (a replay). */
  remember(key: string, ttlMs: number): Promise<boolean>;
  /** The Redis key `remember` records `key` under, for a store in Redis. */
  redisKey?(key: string): string;
}

/**
 * A verified request's signature not recorded yet, because the request's own Redis script records it:
 * `SET <key> 1 PX <ttlMs> NX` first, and nothing else when that finds it already set (a replay; answer
 * `replayRefused()`). The same record `remember` makes, shared by every replica, without a round trip
 * of its own. See `SubgraphServerOptions.replayClaimedBy`.
 */
export interface ReplayClaim {
  key: string;
  ttlMs: number;
}

/** The subset of an ioredis client the replay store needs. */
interface RedisSetNx {
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<'OK' | null>;
}

/**
 * A replay store in Redis: one `SET key 1 PX ttl NX` per request, atomic across replicas. Keys expire
 * on their own, so nothing walks the set of remembered signatures.
 */
export function redisReplayStore(redis: RedisSetNx, prefix = 'qc:signature:'): ReplayStore {
  return {
    remember: async (key, ttlMs) => (await redis.set(`${prefix}${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK',
    redisKey: (key) => `${prefix}${key}`,
  };
}

/**
 * The replay store a subgraph uses: the shared one (Redis) while it answers, this process's memory while
 * it does not (not connected, failing, or slower than `timeoutMs`). Without it a Redis outage refused
 * every request of every subgraph, so none could serve its designed degradation (availability's stale
 * answers). What the outage costs: a signature captured on its way to one replica could be played to
 * another replica within the 30 s skew window; to the same process it is still refused, before and
 * after Redis is back (signatures remembered locally are checked first). Logged once per outage.
 */
export class FallbackReplayStore implements ReplayStore {
  /** Signature → expiry (ms). One TTL for all, so insertion order is expiry order. */
  private readonly local = new Map<string, number>();
  private degraded = false;

  constructor(
    private readonly shared: ReplayStore,
    /** Whether the shared store is connected at all (ioredis: `status === 'ready'`); false skips it without waiting. */
    private readonly connected: () => boolean,
    private readonly log: Logger,
    private readonly timeoutMs = 250,
  ) {}

  async remember(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    if (this.rememberedHere(key, now)) return false;
    if (this.connected()) {
      try {
        const fresh = await withTimeout(this.shared.remember(key, ttlMs), this.timeoutMs, 'replay store');
        if (this.degraded) {
          this.degraded = false;
          this.log.info('replay store: Redis answers again; signatures are shared by every replica');
        }
        return fresh;
      } catch (error) {
        this.degrade(error);
      }
    } else this.degrade(undefined);
    this.local.set(key, now + ttlMs);
    return true;
  }

  /**
   * The claim a request's own Redis script can record `key` with, when the shared store is Redis and
   * answers; null when `remember` must do it (Redis not connected or failing, so the process's memory
   * records it; or the signature is remembered here from an outage, so it is refused).
   */
  claim(key: string, ttlMs: number): ReplayClaim | null {
    if (this.degraded || !this.shared.redisKey || !this.connected() || this.rememberedHere(key, Date.now())) return null;
    return { key: this.shared.redisKey(key), ttlMs };
  }

  private rememberedHere(key: string, now: number): boolean {
    this.prune(now);
    return (this.local.get(key) ?? 0) > now;
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.log.warn({ err: error }, 'replay store: Redis unreachable; signatures are remembered by this process only until it is back');
  }

  private prune(now: number): void {
    // Empty whenever Redis answers: no iterator per request then.
    if (this.local.size === 0) return;
    for (const [key, until] of this.local) {
      if (until > now) break;
      this.local.delete(key);
    }
  }
}

/**
 * Checks a subgraph request against the shared secret. The signature header must be exactly 64 hex
 * digits; it is compared and remembered in its decoded form (lower-case hex of the bytes), so spelling
 * the same signature another way (upper case) is still the same, used, signature. A signature is
 * remembered for twice the skew window: as long as any replica's clock could still accept it.
 * The replay store must answer: when it cannot, the request is refused (503), never waved through.
 */
export class SignatureVerifier {
  constructor(
    private readonly secret: string,
    private readonly replays: ReplayStore,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(headers: HeaderBag, request: SignedRequest): Promise<VerifyResult> {
    const checked = this.check(headers, request);
    return checked.ok ? this.record(checked) : checked;
  }

  /** What `verify` checks short of the replay store: the signature, its time and the identity it carries. */
  check(headers: HeaderBag, request: SignedRequest): CheckResult {
    const signature = header(headers, HEADERS.signature);
    const timestamp = header(headers, HEADERS.timestamp);
    const requestId = header(headers, HEADERS.requestId) ?? '';
    const identity = header(headers, HEADERS.identity) ?? '';
    const nonce = header(headers, HEADERS.nonce) ?? '';
    const refuse = (reason: string): CheckResult => ({ ok: false, reason, status: 401 });
    if (!signature || !timestamp) return refuse('request is not signed by the gateway');
    if (!SIGNATURE_HEX.test(signature)) return refuse('request signature is malformed');

    const sentAt = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : NaN;
    if (!Number.isFinite(sentAt) || Math.abs(this.now() - sentAt) > SIGNATURE_MAX_SKEW_MS) {
      return refuse('request signature has expired');
    }
    const given = Buffer.from(signature, 'hex');
    const expected = computeSignature(this.secret, { ...request, timestamp, nonce, requestId, identity });
    if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return refuse('request signature does not match');

    let identityValue: Identity | null;
    try {
      identityValue = decodeIdentity(identity);
    } catch {
      return refuse('identity header is malformed');
    }
    return { ok: true, identity: identityValue, requestId, signature: expected.toString('hex') };
  }

  /** Records a checked request's signature as used: refused when it already was (a replay). */
  async record(checked: CheckResult & { ok: true }): Promise<VerifyResult> {
    let fresh: boolean;
    try {
      fresh = await this.replays.remember(checked.signature, REPLAY_TTL_MS);
    } catch {
      return { ok: false, reason: 'cannot check the request for replay right now', status: 503 };
    }
    if (!fresh) return { ok: false, reason: REPLAYED, status: 401 };
    return { ok: true, identity: checked.identity, requestId: checked.requestId };
  }
}
