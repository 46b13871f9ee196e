import { randomUUID } from 'node:crypto';
import { createRedis, Redis } from './connections';
import {
  courierIdOf,
  FallbackReplayStore,
  HEADERS,
  redisReplayStore,
  SIGNATURE_MAX_SKEW_MS,
  SignatureVerifier,
  signRequest,
  type Identity,
  type ReplayStore,
  type SignedRequest,
} from './identity';
import { createLogger } from './logger';
import { TEST_REDIS_URL } from './testing';

const SECRET = 's'.repeat(40);
const customer: Identity = { sub: 'cus_001', role: 'customer' };
const body = JSON.stringify({ query: '{ me { id } }' });
const post: SignedRequest = { method: 'POST', target: '/graphql', body };

/** A keyspace of this run's own, so nothing another test remembered is seen here. */
const PREFIX = `test-identity-${randomUUID()}:`;
let redis: Redis;
let replays: ReplayStore;
const verifier = (now?: () => number) => new SignatureVerifier(SECRET, replays, now);

beforeAll(() => {
  redis = createRedis(TEST_REDIS_URL);
  replays = redisReplayStore(redis, PREFIX);
});
afterAll(() => redis.quit());

describe('gateway request signatures', () => {
  it('when a request is signed with the shared secret, then the verifier returns its identity', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    expect(await verifier().verify(headers, post)).toEqual({ ok: true, identity: customer, requestId: 'req-1' });
  });

  it('when the body is changed after signing, then it is refused', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    expect((await verifier().verify(headers, { ...post, body: body.replace('me', 'you') })).ok).toBe(false);
  });

  it('when a signed empty-body GET is given another query string, then it is refused', async () => {
    const get: SignedRequest = { method: 'GET', target: '/graphql?query=%7B__typename%7D', body: '' };
    const headers = signRequest(SECRET, get, customer, 'req-1');
    const swapped = { ...get, target: '/graphql?query=%7Borders%7Bid%7D%7D' };
    expect(await verifier().verify(headers, swapped)).toMatchObject({ ok: false, reason: 'request signature does not match' });
  });

  it('when the method or the path is changed after signing, then it is refused', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    expect((await verifier().verify(headers, { ...post, method: 'PUT' })).ok).toBe(false);
    expect((await verifier().verify(headers, { ...post, target: '/other' })).ok).toBe(false);
  });

  it('when the identity is swapped for an admin, then it is refused', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    const admin = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin' })).toString('base64url');
    expect(await verifier().verify({ ...headers, [HEADERS.identity]: admin }, post)).toMatchObject({ ok: false });
  });

  it('when the same signed request arrives twice, then the second is refused as a replay', async () => {
    const v = verifier();
    const headers = signRequest(SECRET, post, customer, 'req-1');
    expect((await v.verify(headers, post)).ok).toBe(true);
    expect(await v.verify(headers, post)).toEqual({ ok: false, reason: 'request was already used', status: 401 });
  });

  it('when a used signature is replayed spelled in upper case, then it is still the same used signature', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    expect((await verifier().verify(headers, post)).ok).toBe(true);
    const upper = { ...headers, [HEADERS.signature]: headers[HEADERS.signature]!.toUpperCase() };
    expect(await verifier().verify(upper, post)).toEqual({ ok: false, reason: 'request was already used', status: 401 });
  });

  it('when a signature carries trailing characters, then it is refused as malformed', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    for (const tail of ['zz', '00', ' x']) {
      const respelled = { ...headers, [HEADERS.signature]: `${headers[HEADERS.signature]}${tail}` };
      expect(await verifier().verify(respelled, post)).toMatchObject({ ok: false, reason: 'request signature is malformed' });
    }
    expect((await verifier().verify(headers, post)).ok).toBe(true);
  });

  it('when one replica accepted a request, then another replica sharing the store refuses its replay', async () => {
    const headers = signRequest(SECRET, post, customer, 'req-1');
    expect((await verifier().verify(headers, post)).ok).toBe(true);
    const otherConnection = createRedis(TEST_REDIS_URL);
    try {
      const otherReplica = new SignatureVerifier(SECRET, redisReplayStore(otherConnection, PREFIX));
      expect(await otherReplica.verify(headers, post)).toMatchObject({ ok: false, reason: 'request was already used' });
    } finally {
      await otherConnection.quit();
    }
  });

  it('when two identical requests are signed in the same millisecond, then both pass (nonce)', async () => {
    const v = verifier(() => 1_000_000);
    expect((await v.verify(signRequest(SECRET, post, null, 'r', 1_000_000), post)).ok).toBe(true);
    expect((await v.verify(signRequest(SECRET, post, null, 'r', 1_000_000), post)).ok).toBe(true);
  });

  it('when more requests are signed than one draw of random bytes holds, then every nonce is still new and 24 hex digits', () => {
    const nonces = Array.from({ length: 1000 }, () => signRequest(SECRET, post, null, 'r', 1_000_000)[HEADERS.nonce]!);
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(nonce).toMatch(/^[0-9a-f]{24}$/);
  });

  it('when a captured request is played later than the skew window, then it is refused as expired', async () => {
    const signedAt = 1_000_000;
    const v = verifier(() => signedAt + SIGNATURE_MAX_SKEW_MS + 1);
    expect(await v.verify(signRequest(SECRET, post, customer, 'r', signedAt), post)).toEqual({
      ok: false,
      reason: 'request signature has expired',
      status: 401,
    });
  });

  it('when there is no signature at all, then it is refused', async () => {
    expect(await verifier().verify({}, post)).toEqual({ ok: false, reason: 'request is not signed by the gateway', status: 401 });
  });

  it('when the replay store cannot be reached, then a correctly signed request is refused (503), not waved through', async () => {
    // Nothing listens on port 1; the client is told not to reconnect, so it leaves nothing behind.
    const down = new Redis('redis://127.0.0.1:1', { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    down.on('error', () => undefined);
    try {
      const v = new SignatureVerifier(SECRET, redisReplayStore(down));
      expect(await v.verify(signRequest(SECRET, post, customer, 'r'), post)).toMatchObject({ ok: false, status: 503 });
    } finally {
      if (down.status !== 'end') await new Promise((resolve) => down.once('end', resolve));
    }
  });
});

describe('the replay store during a Redis outage', () => {
  const quiet = createLogger('test-replays', 'silent');
  const signed = () => signRequest(SECRET, post, customer, randomUUID());

  it('when Redis is not connected, then a signed request is served once and its replay to the same process is refused, without waiting', async () => {
    const neverAsked: ReplayStore = { remember: () => Promise.reject(new Error('must not be asked while not connected')) };
    const v = new SignatureVerifier(SECRET, new FallbackReplayStore(neverAsked, () => false, quiet));
    const headers = signed();
    expect(await v.verify(headers, post)).toMatchObject({ ok: true });
    expect(await v.verify(headers, post)).toEqual({ ok: false, reason: 'request was already used', status: 401 });
  });

  it('when Redis is connected but answers nothing, then the request is served within the store timeout, and its replay refused', async () => {
    const hung: ReplayStore = { remember: () => new Promise<boolean>(() => undefined) };
    const v = new SignatureVerifier(SECRET, new FallbackReplayStore(hung, () => true, quiet, 100));
    const headers = signed();
    const started = Date.now();
    expect(await v.verify(headers, post)).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await v.verify(headers, post)).toMatchObject({ ok: false, status: 401 });
  });

  it('when Redis is back, then a signature used during the outage is still refused, and new ones are shared through Redis again', async () => {
    let connected = false;
    const store = new FallbackReplayStore(redisReplayStore(redis, PREFIX), () => connected, quiet);
    const v = new SignatureVerifier(SECRET, store);
    const duringOutage = signed();
    expect(await v.verify(duringOutage, post)).toMatchObject({ ok: true });
    connected = true;
    expect(await v.verify(duringOutage, post)).toMatchObject({ ok: false, reason: 'request was already used' });
    const afterwards = signed();
    expect(await v.verify(afterwards, post)).toMatchObject({ ok: true });
    // Another replica, on Redis only, knows the signature used after the recovery.
    expect(await verifier().verify(afterwards, post)).toMatchObject({ ok: false, reason: 'request was already used' });
  });
});

describe('a replay claim (the signature recorded by the request\'s own Redis script)', () => {
  const quiet = createLogger('test-replays', 'silent');
  const signature = () => randomUUID().replace(/-/g, '');

  it('when Redis answers, then the claim names the key remember() would set, and a claimed key set by a script is refused by every replica', async () => {
    const store = new FallbackReplayStore(redisReplayStore(redis, PREFIX), () => true, quiet);
    const key = signature();
    const claim = store.claim(key, 60_000);
    expect(claim).toEqual({ key: `${PREFIX}${key}`, ttlMs: 60_000 });
    // What the script does with it.
    expect(await redis.set(claim!.key, '1', 'PX', claim!.ttlMs, 'NX')).toBe('OK');
    expect(await store.remember(key, 60_000)).toBe(false);
    expect(await new FallbackReplayStore(redisReplayStore(redis, PREFIX), () => true, quiet).remember(key, 60_000)).toBe(false);
  });

  it('when Redis is not connected, or a store is not in Redis, then there is no claim: remember() records the signature before the request runs', async () => {
    expect(new FallbackReplayStore(redisReplayStore(redis, PREFIX), () => false, quiet).claim(signature(), 60_000)).toBeNull();
    const elsewhere: ReplayStore = { remember: async () => true };
    expect(new FallbackReplayStore(elsewhere, () => true, quiet).claim(signature(), 60_000)).toBeNull();
  });

  it('when a signature was remembered by this process during an outage, then it gets no claim once Redis is back (remember() refuses it)', async () => {
    let connected = false;
    const store = new FallbackReplayStore(redisReplayStore(redis, PREFIX), () => connected, quiet);
    const key = signature();
    expect(await store.remember(key, 60_000)).toBe(true);
    connected = true;
    expect(store.claim(key, 60_000)).toBeNull();
    expect(await store.remember(key, 60_000)).toBe(false);
    // Claims come back once Redis has answered again.
    expect(await store.remember(signature(), 60_000)).toBe(true);
    expect(store.claim(signature(), 60_000)).not.toBeNull();
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
