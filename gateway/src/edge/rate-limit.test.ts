/** Rate limits on the real Redis: budgets shared by replicas, and a spent budget refused without a round trip. */
import { createLogger, createRedis, type Redis } from '@qc/shared';
import { TEST_REDIS_URL, uniqueSchema } from '@qc/shared/testing';
import { gatewayConfig } from '../config';
import { RateLimits } from './rate-limit';

const log = createLogger('rate-limit-test', 'silent');
const clients: Redis[] = [];
const replicas: RateLimits[] = [];
const prefixes: string[] = [];

/** A replica's limiter on its own Redis connection, as each gateway has; budgets of 3 per user. */
async function replica(prefix: string) {
  const redis = createRedis(TEST_REDIS_URL);
  clients.push(redis);
  await new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)));
  const { edge } = gatewayConfig({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), GATEWAY_HMAC_SECRET: 'h'.repeat(40), EVENTS_PREFIX: prefix, RATE_LIMIT_USER: '3' });
  const rates = new RateLimits(edge.rateLimits, redis, log);
  replicas.push(rates);
  return { rates, redis };
}

afterAll(async () => {
  for (const rates of replicas) rates.close();
  for (const prefix of prefixes) {
    const keys = await clients[0]!.keys(`${prefix}:*`);
    if (keys.length) await clients[0]!.del(...keys);
  }
  for (const redis of clients) redis.disconnect();
});

describe('rate limits', () => {
  it('when a user spends the budget on two replicas, then both refuse the next request, and a replica that saw it spent asks Redis no more until the window resets', async () => {
    const prefix = uniqueSchema('ratelimit');
    prefixes.push(prefix);
    const a = await replica(prefix);
    const b = await replica(prefix);
    const user = { kind: 'user' as const, id: 'customer:cus_1' };

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
  });
});
