/**
 * Boots the six subgraphs (each on its own throwaway Postgres schema, real Redis and NATS) and the
 * gateway on free ports, in this process, for end-to-end tests.
 */
import { createLogger, SUBGRAPHS, type DestinationStream, type SubgraphDeps, type SubgraphName, type SubgraphServer, type Migration } from '@qc/shared';
import { createTestDeps, listenOnFreePort, TEST_HMAC_SECRET, TEST_NATS_URL, TEST_REDIS_URL, uniqueSchema, type TestDeps } from '@qc/shared/testing';
import { gatewayConfig } from '../../gateway/src/config';
import { buildGateway, type GatewayServer } from '../../gateway/src/server';
import { MIGRATIONS } from '../../scripts/migrate';
import * as catalog from '../../subgraphs/catalog/src/server';
import * as availability from '../../subgraphs/availability/src/server';
import * as orders from '../../subgraphs/orders/src/server';
import * as fulfillment from '../../subgraphs/fulfillment/src/server';
import * as delivery from '../../subgraphs/delivery/src/server';
import * as tracking from '../../subgraphs/tracking/src/server';

type Builder = (deps: SubgraphDeps, secret: string, urls: Partial<Record<SubgraphName, string>>, opts: SupergraphOptions) => Promise<SubgraphServer>;

const BUILDERS: Record<SubgraphName, Builder> = {
  catalog: (deps, secret) => catalog.buildServer(deps, secret),
  availability: (deps, secret) => availability.buildServer(deps, secret),
  // Orders calls catalog and availability itself; both are listening by the time it is built (SUBGRAPHS order).
  orders: (deps, secret, urls, opts) =>
    orders.buildServer(deps, secret, {
      ...opts.orders,
      settings: { catalogUrl: urls.catalog, availabilityUrl: urls.availability, ...opts.orders?.settings },
    }),
  fulfillment: (deps, secret) => fulfillment.buildServer(deps, secret),
  // Delivery asks availability where stores are; it is listening by then too.
  delivery: (deps, secret, urls, opts) =>
    delivery.buildServer(deps, secret, { ...opts.delivery, settings: { availabilityUrl: urls.availability, ...opts.delivery?.settings } }),
  tracking: (deps, secret) => tracking.buildServer(deps, secret),
};

export interface SupergraphOptions {
  /** How the orders server is built (payment provider, breaker and timeouts); URLs are filled in. */
  orders?: orders.OrdersServerOptions;
  /** How the delivery server is built (offer window, search radius). */
  delivery?: delivery.DeliveryServerOptions;
  /**
   * Start every subgraph's background work (relays, consumers, dispatcher, sweepers), as `runSubgraph`
   * does, so events move an order through its whole life. Off, the graph answers requests only and
   * events stay in the outboxes (tests about one request's effects need no more).
   */
  workers?: boolean;
  /**
   * Loads data straight into the subgraphs' schemas before any worker starts, as `npm start` seeds
   * before the processes run (availability's location index is built from the stores at start).
   */
  fixture?: (deps: Record<SubgraphName, TestDeps>) => Promise<void>;
  /** More gateway environment (limits, rate budgets …) for every gateway this supergraph starts. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Where every process logs (at info) instead of nowhere: a test that reads the log lines. */
  logs?: DestinationStream;
}

export const E2E_JWT_SECRET = 'e2e-jwt-secret-'.padEnd(40, 'x');

export interface RunningSupergraph {
  gatewayUrl: string;
  /** The first gateway (the one at `gatewayUrl`), e.g. for its subscription engine's stats. */
  gateway: GatewayServer;
  subgraphUrls: Record<SubgraphName, string>;
  deps: Record<SubgraphName, TestDeps>;
  servers: { orders: orders.OrdersServer } & Record<Exclude<SubgraphName, 'orders'>, SubgraphServer>;
  /**
   * Builds another gateway on the same subgraphs, NATS and Redis, as a second replica would be;
   * `env` overrides its environment (e.g. NODE_ENV=production, a subgraph URL).
   */
  startGateway(env?: NodeJS.ProcessEnv): Promise<{ url: string; server: GatewayServer; stop(): Promise<void> }>;
  /** The event prefix every subgraph shares, so one's events reach the others' consumers. */
  eventsPrefix: string;
  stop(): Promise<void>;
}

export async function startSupergraph(opts: SupergraphOptions = {}): Promise<RunningSupergraph> {
  const deps = {} as Record<SubgraphName, TestDeps>;
  const servers = {} as RunningSupergraph['servers'];
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    JWT_SECRET: E2E_JWT_SECRET,
    GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET,
    REDIS_URL: TEST_REDIS_URL,
    NATS_URL: TEST_NATS_URL,
    // Tests queue hundreds of placements at once on a shared 2-core machine (one waited 140 s under load):
    // they are about behaviour, not latency, so the gateway waits for its subgraphs as long as they do.
    SUBGRAPH_TIMEOUT_MS: '300000',
    ...opts.gatewayEnv,
  };
  const eventsPrefix = uniqueSchema('e2e');
  for (const { name } of SUBGRAPHS) {
    deps[name] = await createTestDeps(`e2e_${name}`, MIGRATIONS[name] as readonly Migration[], { eventsPrefix });
    if (opts.logs) deps[name].log = createLogger(name, 'info', opts.logs);
    const server = await BUILDERS[name](deps[name], TEST_HMAC_SECRET, subgraphUrls, opts);
    (servers as Record<SubgraphName, SubgraphServer>)[name] = server;
    subgraphUrls[name] = await listenOnFreePort(server);
    env[`${name.toUpperCase()}_URL`] = subgraphUrls[name];
  }
  await opts.fixture?.(deps);
  const stopWorkers: (() => Promise<void>)[] = [];
  if (opts.workers) {
    // In SUBGRAPHS order, like the processes npm start runs; each consumer is durable, so none misses an event.
    for (const { name } of SUBGRAPHS) {
      const start = (servers as Record<SubgraphName, SubgraphServer>)[name].startWorkers;
      if (start) stopWorkers.push(await start());
    }
  }
  env.EVENTS_PREFIX = eventsPrefix;
  const gateways: GatewayServer[] = [];
  const startGateway = async (overrides: NodeJS.ProcessEnv = {}) => {
    const gatewayEnv = { ...env, ...overrides };
    const log = opts.logs ? createLogger('gateway', 'info', opts.logs) : createLogger('e2e-gateway', 'silent');
    const gateway = await buildGateway(gatewayConfig(gatewayEnv), log, gatewayEnv);
    gateways.push(gateway);
    const port = await gateway.listen(0, '127.0.0.1');
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      server: gateway,
      stop: async () => {
        gateways.splice(gateways.indexOf(gateway), 1);
        await gateway.stop();
      },
    };
  };
  const first = await startGateway();
  const gateway = gateways[0]!;
  return {
    gatewayUrl: first.url,
    gateway,
    subgraphUrls,
    deps,
    servers,
    eventsPrefix,
    startGateway,
    stop: async () => {
      await Promise.allSettled(gateways.map((g) => g.stop()));
      // Requests first (they may still hand work to the workers), then the workers, as runSubgraph does.
      await Promise.all(Object.values(servers).map((s) => s.stop()));
      for (const stop of stopWorkers.reverse()) await stop();
      await servers.orders.ordering.deps.relay.stop();
      // The shared stream is nobody's own: remove it once, before the connections close.
      await deps.catalog.events.destroy();
      await Promise.all(Object.values(deps).map((d) => d.close()));
    },
  };
}

export interface GatewayResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export async function queryGateway<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GatewayResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<GatewayResponse<T>, 'status'>) };
}
