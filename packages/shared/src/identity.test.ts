import { courierIdOf, HEADERS, SIGNATURE_MAX_SKEW_MS, SignatureVerifier, signRequest, type Identity } from './identity';

const SECRET = 's'.repeat(40);
const customer: Identity = { sub: 'cus_001', role: 'customer' };
const body = JSON.stringify({ query: '{ me { id } }' });

describe('gateway request signatures', () => {
  it('when a request is signed with the shared secret, then the verifier returns its identity', () => {
    const headers = signRequest(SECRET, body, customer, 'req-1');
    const result = new SignatureVerifier(SECRET).verify(headers, body);
    expect(result).toEqual({ ok: true, identity: customer, requestId: 'req-1' });
  });

  it('when the body is changed after signing, then it is refused', () => {
    const headers = signRequest(SECRET, body, customer, 'req-1');
    expect(new SignatureVerifier(SECRET).verify(headers, body.replace('me', 'you')).ok).toBe(false);
  });

  it('when the identity is swapped for an admin, then it is refused', () => {
    const headers = signRequest(SECRET, body, customer, 'req-1');
    const admin = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin' })).toString('base64url');
    expect(new SignatureVerifier(SECRET).verify({ ...headers, [HEADERS.identity]: admin }, body)).toMatchObject({ ok: false });
  });

  it('when the same signed request arrives twice, then the second is refused as a replay', () => {
    const verifier = new SignatureVerifier(SECRET);
    const headers = signRequest(SECRET, body, customer, 'req-1');
    expect(verifier.verify(headers, body).ok).toBe(true);
    expect(verifier.verify(headers, body)).toEqual({ ok: false, reason: 'request was already used' });
  });

  it('when two identical requests are signed in the same millisecond, then both pass (nonce)', () => {
    const verifier = new SignatureVerifier(SECRET, () => 1_000_000);
    expect(verifier.verify(signRequest(SECRET, body, null, 'r', 1_000_000), body).ok).toBe(true);
    expect(verifier.verify(signRequest(SECRET, body, null, 'r', 1_000_000), body).ok).toBe(true);
  });

  it('when a captured request is played later than the skew window, then it is refused as expired', () => {
    const signedAt = 1_000_000;
    const verifier = new SignatureVerifier(SECRET, () => signedAt + SIGNATURE_MAX_SKEW_MS + 1);
    expect(verifier.verify(signRequest(SECRET, body, customer, 'r', signedAt), body)).toEqual({
      ok: false,
      reason: 'request signature has expired',
    });
  });

  it('when there is no signature at all, then it is refused', () => {
    expect(new SignatureVerifier(SECRET).verify({}, body)).toEqual({ ok: false, reason: 'request is not signed by the gateway' });
  });
});

describe('courierIdOf', () => {
  it('when a courier token names a courierId, then that wins over the subject; else the subject is the courier', () => {
    expect(courierIdOf({ sub: 'user_9', role: 'courier', courierId: 'cou_1' })).toBe('cou_1');
    expect(courierIdOf({ sub: 'cou_2', role: 'courier' })).toBe('cou_2');
  });

  it('when the caller is not a courier, then they act as no courier, whatever the token says', () => {
    expect(courierIdOf({ sub: 'cou_1', role: 'customer', courierId: 'cou_1' })).toBeNull();
    expect(courierIdOf(null)).toBeNull();
  });
});
