import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ConfigError } from '@qc/shared';
import { signDevToken, TokenVerifier } from './auth';
import { gatewayConfig } from './config';

const SECRET = 'k'.repeat(40);
const DAY = 24 * 3600;
const verifier = new TokenVerifier({ JWT_SECRET: SECRET, JWT_MAX_LIFETIME_SECONDS: DAY });
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('token verification', () => {
  it('when no Authorization header is sent, then the caller is anonymous', async () => {
    await expect(verifier.identify(undefined)).resolves.toBeNull();
  });

  it('when a valid customer token is sent, then the identity carries subject and role, and the expiry is known', async () => {
    const token = await signDevToken(SECRET, { sub: 'cus_001', role: 'customer', expiresIn: '1h' });
    await expect(verifier.identify(`Bearer ${token}`)).resolves.toEqual({ sub: 'cus_001', role: 'customer' });
    const verified = await verifier.verify(`Bearer ${token}`);
    expect(Math.abs(verified!.expiresAt - (Date.now() + 3600_000))).toBeLessThan(5000);
  });

  it('when a token verified before has since expired, then it is refused, not served from memory', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const token = await signDevToken(SECRET, { sub: 'cus_002', role: 'customer', expiresIn: '2s' });
      const fresh = new TokenVerifier({ JWT_SECRET: SECRET, JWT_MAX_LIFETIME_SECONDS: DAY });
      await expect(fresh.identify(`Bearer ${token}`)).resolves.toEqual({ sub: 'cus_002', role: 'customer' });
      await expect(fresh.identify(`Bearer ${token}`)).resolves.toEqual({ sub: 'cus_002', role: 'customer' });
      jest.setSystemTime(Date.now() + 3_000);
      await expect(codeOf(fresh.identify(`Bearer ${token}`))).resolves.toBe('UNAUTHENTICATED');
    } finally {
      jest.useRealTimers();
    }
  });

  it('when a token differs from a verified one by a single character, then it is verified on its own and refused', async () => {
    const token = await signDevToken(SECRET, { sub: 'cus_003', role: 'customer' });
    await verifier.identify(`Bearer ${token}`);
    // A character inside the signature (the last one may only carry padding bits).
    const at = token.length - 10;
    const forged = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    await expect(codeOf(verifier.identify(`Bearer ${forged}`))).resolves.toBe('UNAUTHENTICATED');
  });

  it('when a courier token has no courier_id, then the subject is the courier id', async () => {
    const token = await signDevToken(SECRET, { sub: 'cou_007', role: 'courier' });
    await expect(verifier.identify(`Bearer ${token}`)).resolves.toMatchObject({ courierId: 'cou_007' });
  });

  it('when the token is signed with another secret, then it is UNAUTHENTICATED', async () => {
    const token = await signDevToken('x'.repeat(40), { sub: 'cus_001', role: 'customer' });
    expect(await codeOf(verifier.identify(`Bearer ${token}`))).toBe('UNAUTHENTICATED');
  });

  it('when the token has expired, then it is UNAUTHENTICATED with a message saying so', async () => {
    const token = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('cus_001').setExpirationTime(now() - 60).sign(key);
    await expect(verifier.identify(`Bearer ${token}`)).rejects.toThrow('Token has expired');
  });

  it('when the token carries no expiry, then it is UNAUTHENTICATED: no token is valid for ever', async () => {
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('ops').setIssuedAt().sign(key);
    await expect(verifier.identify(`Bearer ${token}`)).rejects.toThrow('Token must carry an expiry (exp)');
  });

  it('when the token lives longer than the maximum lifetime, then it is UNAUTHENTICATED', async () => {
    const issuedLongAgo = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c').setIssuedAt(now() - DAY).setExpirationTime(now() + 3600).sign(key);
    await expect(verifier.identify(`Bearer ${issuedLongAgo}`)).rejects.toThrow('Token lives longer than the 86400 s allowed');
    const noIatFarFuture = await new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('c').setExpirationTime(now() + 30 * DAY).sign(key);
    await expect(verifier.identify(`Bearer ${noIatFarFuture}`)).rejects.toThrow('Token lives longer');
  });

  it('when the role is unknown or store staff lack a store, then it is UNAUTHENTICATED', async () => {
    const badRole = await new SignJWT({ role: 'superuser' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(key);
    await expect(verifier.identify(`Bearer ${badRole}`)).rejects.toThrow('Token must carry a subject and a role');
    const staff = await signDevToken(SECRET, { sub: 's1', role: 'store_staff' });
    await expect(verifier.identify(`Bearer ${staff}`)).rejects.toThrow('A store_staff token must carry store_id');
  });

  it('when a token claims the internal service role, then it is refused', async () => {
    const token = await new SignJWT({ role: 'service' }).setProtectedHeader({ alg: 'HS256' }).setSubject('orders').setExpirationTime('1h').sign(key);
    await expect(verifier.identify(`Bearer ${token}`)).rejects.toThrow('Token must carry a subject and a role');
  });

  it('when the header is not a bearer token, then it is UNAUTHENTICATED', async () => {
    expect(await codeOf(verifier.identify('Basic dXNlcjpwYXNz'))).toBe('UNAUTHENTICATED');
  });

  it('when a token uses alg none, then it is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', exp: now() + 60 })).toString('base64url');
    expect(await codeOf(verifier.identify(`Bearer ${header}.${body}.`))).toBe('UNAUTHENTICATED');
  });
});

describe('tokens from an identity provider (JWKS)', () => {
  let jwks: http.Server;
  let jwksUrl: string;
  let sign: (claims: { iss: string; aud: string }) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    jwks = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    sign = ({ iss, aud }) =>
      new SignJWT({ role: 'customer' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('cus_1').setIssuer(iss).setAudience(aud).setIssuedAt().setExpirationTime('1h').sign(privateKey);
  });
  afterAll(() => new Promise((resolve) => jwks.close(resolve)));

  it('when the provider issued the token for another application, then it is refused; for this API it passes', async () => {
    const jwksVerifier = new TokenVerifier({ JWKS_URL: jwksUrl, JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'qc-api', JWT_MAX_LIFETIME_SECONDS: DAY });
    await expect(jwksVerifier.identify(`Bearer ${await sign({ iss: 'https://id.example', aud: 'another-app' })}`)).rejects.toThrow('Token was not issued for this API (aud)');
    await expect(jwksVerifier.identify(`Bearer ${await sign({ iss: 'https://other.example', aud: 'qc-api' })}`)).rejects.toThrow('Token was not issued for this API (iss)');
    await expect(jwksVerifier.identify(`Bearer ${await sign({ iss: 'https://id.example', aud: 'qc-api' })}`)).resolves.toEqual({ sub: 'cus_1', role: 'customer' });
  });

  it('when JWKS_URL is set without an issuer or an audience, then the gateway refuses to start and names them', () => {
    const env = { NODE_ENV: 'production', GATEWAY_HMAC_SECRET: 'h'.repeat(40), JWKS_URL: 'https://id.example/jwks.json' };
    expect(() => gatewayConfig(env)).toThrow(ConfigError);
    expect(() => gatewayConfig(env)).toThrow(/JWT_ISSUER: must be set when JWKS_URL is[\s\S]*JWT_AUDIENCE: must be set when JWKS_URL is/);
    expect(gatewayConfig({ ...env, JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'qc-api' }).JWKS_URL).toBe(env.JWKS_URL);
  });
});

describe('development secrets', () => {
  const published = { JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789', GATEWAY_HMAC_SECRET: 'dev-only-gateway-hmac-secret-0123456789' };

  it.each([['unset', undefined], ['production', 'production'], ['test', 'test'], ['staging', 'staging']])(
    'when NODE_ENV is %s and no secret is set, then the gateway refuses to start, naming each secret',
    (_label, nodeEnv) => {
      const start = () => gatewayConfig({ NODE_ENV: nodeEnv });
      expect(start).toThrow(/GATEWAY_HMAC_SECRET: GATEWAY_HMAC_SECRET must be set/);
      expect(start).toThrow(/JWT_SECRET: must be set unless JWKS_URL is/);
    },
  );

  it.each([['unset', undefined], ['production', 'production'], ['test', 'test']])(
    'when NODE_ENV is %s and a published development secret is set, then the gateway refuses to start, naming it',
    (_label, nodeEnv) => {
      const start = () => gatewayConfig({ NODE_ENV: nodeEnv, ...published });
      expect(start).toThrow(/JWT_SECRET: is a published development secret/);
      expect(start).toThrow(/GATEWAY_HMAC_SECRET: is a published development secret/);
    },
  );

  it('when NODE_ENV=development is asked for, then the development secrets are filled in', () => {
    expect(gatewayConfig({ NODE_ENV: 'development' })).toMatchObject({ ...published, development: true });
  });
});
