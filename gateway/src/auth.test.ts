import { SignJWT } from 'jose';
import { signDevToken, TokenVerifier } from './auth';

const SECRET = 'k'.repeat(40);
const verifier = new TokenVerifier({ JWT_SECRET: SECRET });

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

  it('when a valid customer token is sent, then the identity carries subject and role', async () => {
    const token = await signDevToken(SECRET, { sub: 'cus_001', role: 'customer' });
    await expect(verifier.identify(`Bearer ${token}`)).resolves.toEqual({ sub: 'cus_001', role: 'customer' });
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
    const token = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('cus_001')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.identify(`Bearer ${token}`)).rejects.toThrow('Token has expired');
  });

  it('when the role is unknown or store staff lack a store, then it is UNAUTHENTICATED', async () => {
    const badRole = await new SignJWT({ role: 'superuser' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(verifier.identify(`Bearer ${badRole}`))).toBe('UNAUTHENTICATED');
    const staff = await signDevToken(SECRET, { sub: 's1', role: 'store_staff' });
    expect(await codeOf(verifier.identify(`Bearer ${staff}`))).toBe('UNAUTHENTICATED');
  });

  it('when a token claims the internal service role, then it is refused', async () => {
    const token = await new SignJWT({ role: 'service' }).setProtectedHeader({ alg: 'HS256' }).setSubject('orders').sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(verifier.identify(`Bearer ${token}`))).toBe('UNAUTHENTICATED');
  });

  it('when the header is not a bearer token, then it is UNAUTHENTICATED', async () => {
    expect(await codeOf(verifier.identify('Basic dXNlcjpwYXNz'))).toBe('UNAUTHENTICATED');
  });

  it('when a token uses alg none, then it is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin' })).toString('base64url');
    expect(await codeOf(verifier.identify(`Bearer ${header}.${body}.`))).toBe('UNAUTHENTICATED');
  });
});
