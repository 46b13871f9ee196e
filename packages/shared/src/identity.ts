import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

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

export const encodeIdentity = (identity: Identity | null): string =>
  identity ? Buffer.from(JSON.stringify(identity)).toString('base64url') : '';

export function decodeIdentity(encoded: string): Identity | null {
  if (!encoded) return null;
  const parsed = identitySchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
  if (!parsed.success) throw new Error('identity header is malformed');
  return parsed.data;
}

interface SignedParts {
  timestamp: string;
  nonce: string;
  requestId: string;
  identity: string;
  body: string | Buffer;
}

/**
 * The signature binds the exact body bytes, the identity and request id headers and the time,
 * so none of them can be changed or the request replayed outside the skew window.
 */
export function computeSignature(secret: string, parts: SignedParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return createHmac('sha256', secret)
    .update(['v1', parts.timestamp, parts.nonce, parts.requestId, parts.identity, bodyHash].join('\n'))
    .digest('hex');
}

/** Headers for a request from the gateway (or a test or tool speaking for it) to a subgraph. */
export function signRequest(
  secret: string,
  body: string,
  identity: Identity | null,
  requestId: string,
  now: number = Date.now(),
): Record<string, string> {
  return signEncoded(secret, body, encodeIdentity(identity), requestId, now);
}

/** Like `signRequest` for a caller that already holds the encoded identity header (the gateway's fetcher). */
export function signEncoded(
  secret: string,
  body: string,
  encodedIdentity: string,
  requestId: string,
  now: number = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(12).toString('hex');
  return {
    [HEADERS.identity]: encodedIdentity,
    [HEADERS.requestId]: requestId,
    [HEADERS.timestamp]: timestamp,
    [HEADERS.nonce]: nonce,
    [HEADERS.signature]: computeSignature(secret, { timestamp, nonce, requestId, identity: encodedIdentity, body }),
  };
}

export type VerifyResult =
  | { ok: true; identity: Identity | null; requestId: string }
  | { ok: false; reason: string };

type HeaderBag = Record<string, string | string[] | undefined>;
const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Checks a subgraph request against the shared secret. Signatures seen within the skew window
 * are remembered so the very same request cannot be played twice either.
 */
export class SignatureVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  verify(headers: HeaderBag, body: string | Buffer): VerifyResult {
    const signature = header(headers, HEADERS.signature);
    const timestamp = header(headers, HEADERS.timestamp);
    const requestId = header(headers, HEADERS.requestId) ?? '';
    const identity = header(headers, HEADERS.identity) ?? '';
    const nonce = header(headers, HEADERS.nonce) ?? '';
    if (!signature || !timestamp) return { ok: false, reason: 'request is not signed by the gateway' };

    const sentAt = Number(timestamp);
    const now = this.now();
    if (!Number.isFinite(sentAt) || Math.abs(now - sentAt) > SIGNATURE_MAX_SKEW_MS) {
      return { ok: false, reason: 'request signature has expired' };
    }
    const expected = Buffer.from(computeSignature(this.secret, { timestamp, nonce, requestId, identity, body }), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'request signature does not match' };
    }
    this.forgetExpired(now);
    if (this.seen.has(signature)) return { ok: false, reason: 'request was already used' };
    this.seen.set(signature, sentAt + SIGNATURE_MAX_SKEW_MS);

    try {
      return { ok: true, identity: decodeIdentity(identity), requestId };
    } catch {
      return { ok: false, reason: 'identity header is malformed' };
    }
  }

  private forgetExpired(now: number) {
    if (this.seen.size < 1000) return;
    for (const [signature, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(signature);
  }
}
