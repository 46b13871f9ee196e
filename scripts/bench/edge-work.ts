/**
 * The edge's per-request work in isolation, without a stack: the cost estimate (Apollo's
 * didResolveOperation hook, on the document Apollo keeps parsed per query text) and the rate-limit
 * check on Redis, each run many times; CPU per call from process.cpuUsage, a steady figure on a busy
 * machine where a whole-gateway run is not. `npm run bench -- edge-work` (Redis at REDIS_URL; BENCH_CALLS calls of each).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { createLogger, createRedis } from '@qc/shared';
import { BrowseProductsDocument, MyOrdersDocument } from '../../clients/customer-app/__generated__/graphql';
import { RequestLimits } from '../../gateway/src/edge/limits';
import { RateLimits } from '../../gateway/src/edge/rate-limit';
import { edgeEnv, edgeSettings } from '../../gateway/src/edge/config';
import { z } from 'zod';

function cpuMsPer(calls: number, run: () => void): number {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}

async function cpuMsPerAsync(calls: number, concurrency: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < calls) await run(next++);
  }));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}

export async function run(): Promise<void> {
  // Budgets no run can spend, so every check counts in Redis and none is refused.
  const env = z.object(edgeEnv).parse({ ...process.env, RATE_LIMIT_USER: '1000000000', RATE_LIMIT_PARTNER: '1000000000' });
  const settings = edgeSettings({ ...env, NODE_ENV: 'development', EVENTS_PREFIX: `bench-edge-work-${process.pid}` });
  const schema = buildASTSchema(parse(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8')));
  const limits = new RequestLimits(settings.limits);
  const requests = [
    { document: BrowseProductsDocument, operationName: 'BrowseProducts', variables: (i: number) => ({ first: 20, search: `milk${i % 8}` }) },
    { document: MyOrdersDocument, operationName: 'MyOrders', variables: () => ({ first: 10 }) },
  ];
  const calls = Number(process.env.BENCH_CALLS ?? 20_000);
  for (const { document, operationName, variables } of requests) {
    let i = 0;
    const check = () => limits.checkCost(schema, document, operationName, variables(i++));
    cpuMsPer(2000, check);
    console.log(`cost estimate ${operationName}: ${cpuMsPer(calls, check).toFixed(4)} ms CPU per request`);
  }

  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)));
  const rates = new RateLimits(settings.rateLimits, redis, createLogger('bench'));
  const clients = Array.from({ length: 50 }, (_, i) => ({ kind: 'user' as const, id: `customer:cus_${i}` }));
  const consume = (i: number) => rates.consume(clients[i % clients.length]!);
  await cpuMsPerAsync(2000, 20, consume);
  // One at a time, as at a few dozen requests a second; twenty at once, as under load.
  for (const concurrency of [1, 20]) {
    console.log(`rate limit (Redis), ${concurrency} at a time: ${(await cpuMsPerAsync(calls, concurrency, consume)).toFixed(4)} ms CPU per request`);
  }
  // One partner's backend sending twenty at once: every check spends the same budget.
  const partner = { kind: 'partner' as const, id: 'bench-partner' };
  console.log(`rate limit (Redis), 20 at a time, one partner: ${(await cpuMsPerAsync(calls, 20, () => rates.consume(partner))).toFixed(4)} ms CPU per request`);
  rates.close();
  redis.disconnect();
}
