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

/** Verifies bearer tokens: HS256 with a shared secret in development, a JWKS in production. */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;

  constructor(private readonly config: Pick<GatewayConfig, 'JWT_SECRET' | 'JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>) {
    this.key = config.JWKS_URL
      ? createRemoteJWKSet(new URL(config.JWKS_URL))
      : new TextEncoder().encode(config.JWT_SECRET);
  }

  /**
   * No header means an anonymous caller (catalog browsing is public); a header that is present but
   * wrong is an error, so a client never silently loses its identity.
   */
  async identify(authorization: string | undefined): Promise<Identity | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    let payload: QcClaims;
    try {
      const verified = await jwtVerify<QcClaims>(match[1]!, this.key as Uint8Array, {
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        algorithms: this.config.JWKS_URL ? ['RS256', 'ES256', 'EdDSA'] : ['HS256'],
      });
      payload = verified.payload;
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw unauthenticated(code === 'ERR_JWT_EXPIRED' ? 'Token has expired' : 'Token is not valid');
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
    return identity.data;
  }
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
