/**
 * Rate limits on the real Redis: budgets shared by replicas, a spent budget refused without a round trip,
 * checks of one client in flight together answered as one after the other, and the per-replica budget
 * while Redis is down or does not answer.
 */
import { connect, createServer, type Server } from 'node:net';
import { createLogger, createRedis, type Logger, type Redis } from '@qc/shared';
import { TEST_REDIS_URL, uniqueSchema } from '@qc/shared/testing';
import { gatewayConfig } from '../config';
import { RateLimits, type Verdict } from './rate-limit';

const log = createLogger('rate-limit-test', 'silent');
const clients: Redis[] = [];
const replicas: RateLimits[] = [];
const prefixes: string[] = [];
const servers: Server[] = [];
let admin: Redis;

beforeAll(() => {
  admin = createRedis(TEST_REDIS_URL);
});

afterAll(async () => {
  for (const rates of replicas) rates.close();
  for (const prefix of prefixes) {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.del(...keys);
  }
  for (const redis of [...clients, admin]) redis.disconnect();
  for (const server of servers) server.close();
});

function ready(redis: Redis) {
  return new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)));
}

function newPrefix() {
  const prefix = uniqueSchema('ratelimit');
  prefixes.push(prefix);
  return prefix;
}

/** A replica's limiter on its own Redis connection, as each gateway has; `budget` requests per user. */
async function replica(prefix: string, { budget = 3, url = TEST_REDIS_URL, logger = log, waitReady = true } = {}) {
  const redis = createRedis(url);
  clients.push(redis);
  if (waitReady) await ready(redis);
  const { edge } = gatewayConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), GATEWAY_HMAC_SECRET: 'h'.repeat(40), EVENTS_PREFIX: prefix, RATE_LIMIT_USER: String(budget) });
  const rates = new RateLimits(edge.rateLimits, redis, logger);
  replicas.push(rates);
  return { rates, redis };
}

/**
 * A TCP relay to the real Redis that can hold Redis's answers: the client stays "ready" while its
 * commands go unanswered, as with a Redis that is up but too slow.
 */
async function holdingRelay() {
  const target = new URL(TEST_REDIS_URL);
  let holding = false;
  const held: Array<() => void> = [];
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => (holding ? held.push(() => client.write(chunk)) : client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`,
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const write of held.splice(0)) write();
    },
  };
}

const user = { kind: 'user' as const, id: 'customer:cus_1' };
const allowedCount = (verdicts: Verdict[]) => verdicts.filter((verdict) => verdict.allowed).length;

describe('rate limits', () => {
  it('when a user spends the budget on two replicas, then both refuse the next request, and a replica that saw it spent asks Redis no more until the window resets', async () => {
    const prefix = newPrefix();
    const a = await replica(prefix);
    const b = await replica(prefix);

    expect(await a.rates.consume(user)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await b.rates.consume(user)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await a.rates.consume(user)).toMatchObject({ allowed: true, remaining: 0 });
    // Replica b counted one of the three: it learns the budget is spent from Redis.
    const refused = await b.rates.consume(user);
    expect(refused).toMatchObject({ allowed: false, limit: 3 });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);

    const sent = jest.spyOn(a.redis, 'sendCommand');
    const again = await Promise.all(Array.from({ length: 5 }, () => a.rates.consume(user)));
    expect(again.every((verdict) => !verdict.allowed)).toBe(true);
    expect(sent).not.toHaveBeenCalled();

    // Another user on the same replica still counts in Redis.
    expect(await a.rates.consume({ kind: 'user', id: 'customer:cus_2' })).toMatchObject({ allowed: true, remaining: 2 });
    expect(sent).toHaveBeenCalled();
    sent.mockRestore();
  });

  it('when checks of one user arrive together, then they share Redis calls and are answered exactly as one after the other would be', async () => {
    const prefix = newPrefix();
    const a = await replica(prefix, { budget: 5 });
    const sent = jest.spyOn(a.redis, 'sendCommand');

    const verdicts = await Promise.all(Array.from({ length: 12 }, () => a.rates.consume(user)));

    // The first goes alone; the eleven arriving while it is in flight go in the next call (INCRBY 11).
    expect(sent).toHaveBeenCalledTimes(2);
    sent.mockRestore();
    expect(verdicts.map((verdict) => (verdict.allowed ? verdict.remaining : 'refused'))).toEqual([4, 3, 2, 1, 0, ...Array(7).fill('refused')]);
    expect(verdicts.every((verdict) => verdict.limit === 5)).toBe(true);
    expect(Number(await admin.get(`${prefix}:ratelimit:requests:user:customer:cus_1`))).toBe(12);
    const ttl = await admin.pttl(`${prefix}:ratelimit:requests:user:customer:cus_1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('when two replicas take concurrent checks of one user, then exactly the budget is allowed over both', async () => {
    const prefix = newPrefix();
    const a = await replica(prefix, { budget: 25 });
    const b = await replica(prefix, { budget: 25 });
    const verdicts: Verdict[] = [];
    // Waves of concurrent checks on both replicas, so calls of both interleave in Redis.
    for (let wave = 0; wave < 4; wave++) {
      verdicts.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).rates.consume(user)))));
    }

    expect(allowedCount(verdicts)).toBe(25);
    // Every remaining figure from 24 down to 0 was handed out exactly once.
    const remaining = verdicts.flatMap((verdict) => (verdict.allowed ? [verdict.remaining] : []));
    expect(remaining.sort((x, y) => y - x)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
  });

  it('when Redis is unreachable, then each replica enforces the budget on its own at once, and says so once', async () => {
    const prefix = newPrefix();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const warnings: string[] = [];
    const logger = { ...log, info: () => undefined, warn: (_obj: unknown, msg: string) => void warnings.push(msg) } as unknown as Logger;
    const a = await replica(prefix, { url: `redis://127.0.0.1:${port}`, logger, waitReady: false });
    const b = await replica(prefix, { url: `redis://127.0.0.1:${port}`, logger: log, waitReady: false });
    await new Promise((resolve) => a.redis.once('error', resolve));

    const started = performance.now();
    const onA = await Promise.all(Array.from({ length: 5 }, () => a.rates.consume(user)));
    const onB = await Promise.all(Array.from({ length: 5 }, () => b.rates.consume(user)));
    expect(performance.now() - started).toBeLessThan(200);

    // Per replica: 3 of 5 each, 6 over both (the bounded fail-open the class comment describes).
    expect(onA.map((verdict) => verdict.allowed)).toEqual([true, true, true, false, false]);
    expect(onB.map((verdict) => verdict.allowed)).toEqual([true, true, true, false, false]);
    expect(onA[3]).toMatchObject({ allowed: false, limit: 3 });
    expect(warnings).toEqual(['rate limits: Redis unreachable; each replica enforces the budgets on its own until it is back']);
  });

  it('when Redis does not answer within 250 ms, then the checks waiting are answered by the replica, and Redis still counts them when it answers', async () => {
    const prefix = newPrefix();
    const relay = await holdingRelay();
    const a = await replica(prefix, { url: relay.url });
    expect(await a.rates.consume(user)).toMatchObject({ allowed: true, remaining: 2 });

    relay.hold();
    const started = performance.now();
    const verdicts = await Promise.all([
      ...Array.from({ length: 4 }, () => a.rates.consume(user)),
      a.rates.consume({ kind: 'user', id: 'customer:cus_2' }),
    ]);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1000);
    // The replica's own budget of 3 (it has not counted the first request, which Redis answered).
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false, true]);

    relay.release();
    // Redis answers the held calls: the first check went alone, the other three in one call, then cus_2's.
    const key = `${prefix}:ratelimit:requests:user:customer:cus_1`;
    let count = Number(await admin.get(key));
    // Each ping's answer proves the relay passed on what came before it.
    for (let i = 0; count < 5 && i < 100; i++) {
      await a.redis.ping();
      count = Number(await admin.get(key));
    }
    expect(count).toBe(5);
    // And the next check is Redis's again: 5 of 3 spent.
    expect(await a.rates.consume(user)).toMatchObject({ allowed: false, limit: 3 });
  });
});
