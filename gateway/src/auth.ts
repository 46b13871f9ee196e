import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
import { ErrorCode, identitySchema, ROLES, type Identity, type Role } from '@qc/shared';
import type { GatewayConfig } from './config';

/** Token claims we read. Custom claims are snake_case, as identity providers usually emit them. */
interface QcClaims extends JWTPayload {
  role?: string;
  store_id?: string;
  courier_id?: string;
  partner_id?: string;
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

/** A verified caller and when their token stops being valid. */
export interface VerifiedToken {
  identity: Identity;
  /** The token's `exp`, in ms since the epoch: a WebSocket opened with it is closed then. */
  expiresAt: number;
}

/** Verified tokens remembered per gateway (a few MB at most). */
const VERIFIED_TOKENS_KEPT = 10_000;

type TokenSettings = Pick<GatewayConfig, 'JWT_SECRET' | 'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_MAX_LIFETIME_SECONDS'>;

/**
 * Verifies bearer tokens: HS256 with a shared secret in development, a JWKS in production. Every token
 * must expire (`exp`), and within `JWT_MAX_LIFETIME_SECONDS` of being issued: a leaked token is not a
 * key for ever. With a JWKS the issuer and audience are required (the config refuses to start without
 * them), so a token the same identity provider issued for another application does not pass.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  /**
   * Tokens already verified with the shared secret, by their exact text: a client sends the same token
   * on every request, and checking its signature and claims again gives the same answer until it
   * expires (checked on every use). Only with a shared secret, which cannot change under a running
   * gateway; a JWKS can drop a key, so there every request is verified afresh.
   */
  private readonly verified?: Map<string, VerifiedToken>;

  constructor(private readonly config: TokenSettings) {
    this.key = config.JWKS_URL
      ? createRemoteJWKSet(new URL(config.JWKS_URL))
      : new TextEncoder().encode(config.JWT_SECRET);
    if (!config.JWKS_URL) this.verified = new Map();
  }

  /**
   * No header means an anonymous caller (catalog browsing is public); a header that is present but
   * wrong is an error, so a client never silently loses its identity.
   */
  async identify(authorization: string | undefined): Promise<Identity | null> {
    return (await this.verify(authorization))?.identity ?? null;
  }

  /** Like `identify`, with the token's expiry. */
  async verify(authorization: string | undefined): Promise<VerifiedToken | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    const token = match[1]!;
    const known = this.verified?.get(token);
    if (known && known.expiresAt > Date.now()) return known;
    if (known) this.verified!.delete(token);
    const result = await this.verifyAfresh(token);
    if (this.verified) {
      // Bounded: the oldest entry makes room (Map keeps insertion order).
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, result);
    }
    return result;
  }

  private async verifyAfresh(token: string): Promise<VerifiedToken> {
    let payload: QcClaims & { exp: number };
    try {
      const verified = await jwtVerify<QcClaims>(token, this.key as Uint8Array, {
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        algorithms: this.config.JWKS_URL ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
        requiredClaims: ['exp'],
      });
      payload = verified.payload as QcClaims & { exp: number };
    } catch (error) {
      throw unauthenticated(tokenProblem(error));
    }
    const maxSeconds = this.config.JWT_MAX_LIFETIME_SECONDS;
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (payload.exp - issuedAt > maxSeconds || payload.exp - Date.now() / 1000 > maxSeconds) {
      throw unauthenticated(`Token lives longer than the ${maxSeconds} s allowed; ask for a shorter one`);
    }
    const identity = identitySchema.safeParse({
      sub: payload.sub,
      role: payload.role,
      storeId: payload.store_id,
      courierId: payload.courier_id ?? (payload.role === 'courier' ? payload.sub : undefined),
      partnerId: payload.partner_id,
    });
    // `service` is for subgraph-to-subgraph calls signed with the HMAC secret, never a client token.
    if (!identity.success || !(ROLES as readonly string[]).includes(identity.data.role)) {
      throw unauthenticated(`Token must carry a subject and a role (one of ${ROLES.join(', ')})`);
    }
    if (identity.data.role === 'store_staff' && !identity.data.storeId) {
      throw unauthenticated('A store_staff token must carry store_id');
    }
    return { identity: identity.data, expiresAt: payload.exp * 1000 };
  }
}

/** A person-readable reason from jose's error, without echoing the token. */
function tokenProblem(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  if (code === 'ERR_JWT_EXPIRED') return 'Token has expired';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'exp') return 'Token must carry an expiry (exp)';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (claim === 'iss' || claim === 'aud')) return `Token was not issued for this API (${claim})`;
  return 'Token is not valid';
}

export interface DevTokenOptions {
  sub: string;
  role: Role;
  storeId?: string;
  courierId?: string;
  partnerId?: string;
  /** jose duration, e.g. "12h". */
  expiresIn?: string;
}

/** Signs an HS256 token the gateway accepts with the given secret (development and tests only). */
export function signDevToken(secret: string, opts: DevTokenOptions): Promise<string> {
  const claims: QcClaims = { role: opts.role };
  if (opts.storeId) claims.store_id = opts.storeId;
  if (opts.courierId) claims.courier_id = opts.courierId;
  if (opts.partnerId) claims.partner_id = opts.partnerId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(opts.sub)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
