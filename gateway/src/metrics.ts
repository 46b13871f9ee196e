import type { ApolloGateway } from '@apollo/gateway';
import type { ServiceMetrics } from '@qc/shared';

interface PlanStore {
  get(key: string): Promise<unknown>;
}

/**
 * The gateway's own gauges and counters beside the request metrics: live subscriptions and sockets, and
 * query-plan cache hits. @apollo/gateway has no hook for the plan cache, so its store's `get` is
 * wrapped (a miss is a plan built); if a future version renames the store, the counter stays at zero.
 */
export function gatewayMetrics(metrics: ServiceMetrics, gateway: ApolloGateway, live: { connections(): number; subscriptions(): number }): void {
  metrics.gauge({
    name: 'gateway_live_subscriptions',
    help: 'Live GraphQL subscriptions this gateway serves',
    collect() {
      this.set(live.subscriptions());
    },
  });
  metrics.gauge({
    name: 'gateway_live_connections',
    help: 'Open graphql-ws WebSocket connections',
    collect() {
      this.set(live.connections());
    },
  });
  const lookups = metrics.counter({ name: 'gateway_query_plan_cache_total', help: 'Query-plan cache lookups, by result: hit or miss (a plan was built)', labelNames: ['result'] });
  const hit = lookups.labels({ result: 'hit' });
  const miss = lookups.labels({ result: 'miss' });
  const store = (gateway as unknown as { queryPlanStore?: PlanStore }).queryPlanStore;
  if (!store || typeof store.get !== 'function') return;
  const get = store.get.bind(store);
  store.get = async (key) => {
    const plan = await get(key);
    (plan ? hit : miss).inc();
    return plan;
  };
}
