/** The subscription benchmarks' backend: the gateway tests' shop, with its events on real NATS. */
import { randomBytes } from 'node:crypto';
import { connectNats, createLogger, createRedis, EventBus, type NatsConnection, type SubgraphDeps } from '@qc/shared';
import { startShop, type Shop } from '../../gateway/src/subscriptions/testing/shop';

export interface BenchShop {
  shop: Shop;
  nats: NatsConnection;
  events: EventBus;
  stop(): Promise<void>;
}

/** Starts the shop under a fresh subject prefix, so a run never sees another run's events. */
export async function startBenchShop(client: string): Promise<BenchShop> {
  const prefix = `bench_${randomBytes(4).toString('hex')}`;
  const nats = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', client);
  const events = new EventBus(nats, prefix);
  // The shop keeps its data in memory: no database behind these subgraphs. Redis holds only the
  // signatures the subgraphs have seen (every signed request is checked for replay there).
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const deps = { nats, events, redis, log: createLogger('bench-shop', 'warn'), namespace: prefix } as unknown as SubgraphDeps;
  const shop = await startShop(deps);
  return {
    shop,
    nats,
    events,
    stop: async () => {
      await shop.stop();
      await Promise.all([nats.drain(), redis.quit()]);
    },
  };
}
