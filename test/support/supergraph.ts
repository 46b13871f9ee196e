/**
 * Boots the six subgraphs (each on its own throwaway Postgres schema, real Redis and NATS) and the
 * gateway on free ports, in this process, for end-to-end tests.
 */
import { createLogger, SUBGRAPHS, type DestinationStream, type Migration, type SettingsOf, type SubgraphDefinition, type SubgraphName } from '@qc/shared';
import {
  createTestDeps,
  deleteKeys,
  startTestSubgraph,
  TEST_HMAC_SECRET,
  TEST_NATS_URL,
  TEST_REDIS_URL,
  uniqueSchema,
  type TestDeps,
  type TestSubgraph,
  type TestSubgraphOptions,
} from '@qc/shared/testing';
import { gatewayConfig } from '../../gateway/src/config';
import { buildGateway, type GatewayServer } from '../../gateway/src/server';
import { MIGRATIONS } from '../../scripts/migrate';
import { subgraph as catalog } from '../../subgraphs/catalog/src/server';
import { subgraph as availability } from '../../subgraphs/availability/src/server';
import { subgraph as orders } from '../../subgraphs/orders/src/server';
import { subgraph as fulfillment } from '../../subgraphs/fulfillment/src/server';
import { subgraph as delivery } from '../../subgraphs/delivery/src/server';
import { subgraph as tracking } from '../../subgraphs/tracking/src/server';

/** Every subgraph, each started the same way (`startTestSubgraph`), as `runSubgraph` starts a process. */
const DEFINITIONS = { catalog, availability, orders, fulfillment, delivery, tracking } satisfies Record<SubgraphName, SubgraphDefinition<any, any>>;
type Definitions = typeof DEFINITIONS;

/** The running subgraphs by name, each with its settings, app and server. */
export type RunningSubgraphs = { [K in SubgraphName]: TestSubgraph<Definitions[K]> };

export interface SupergraphOptions {
  /**
   * Changes to a subgraph's settings as read from the test environment (which carries the URLs of the
   * subgraphs started before it: orders calls catalog and availability, delivery calls availability).
   */
  settings?: { [K in SubgraphName]?: TestSubgraphOptions<SettingsOf<Definitions[K]>>['settings'] };
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
  subgraphs: RunningSubgraphs;
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
  const subgraphs = {} as Record<SubgraphName, TestSubgraph<SubgraphDefinition<any, any>>>;
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
    // Workers wait for the fixture; the ones started before this subgraph are listening (SUBGRAPHS order).
    const started = await startTestSubgraph<any, any>(DEFINITIONS[name], deps[name], { env, settings: opts.settings?.[name] });
    subgraphs[name] = started;
    subgraphUrls[name] = started.url;
    env[`${name.toUpperCase()}_URL`] = started.url;
  }
  await opts.fixture?.(deps);
  if (opts.workers) {
    // In SUBGRAPHS order, like the processes npm start runs; each consumer is durable, so none misses an event.
    for (const { name } of SUBGRAPHS) await subgraphs[name].app.workers.start();
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
    subgraphs: subgraphs as RunningSubgraphs,
    eventsPrefix,
    startGateway,
    stop: async () => {
      await Promise.allSettled(gateways.map((g) => g.stop()));
      // Requests first (they may still hand work to the workers), then the apps (workers first), as runSubgraph does.
      await Promise.all(Object.values(subgraphs).map((s) => s.server.stop()));
      for (const { name } of [...SUBGRAPHS].reverse()) await subgraphs[name].app.stop();
      // The shared stream is nobody's own: remove it once, before the connections close.
      await deps.catalog.events.destroy();
      // So are the keys under the shared prefix (the gateway's operation lists have no TTL); each
      // subgraph's own namespace goes with its deps.
      await deleteKeys(deps.catalog.redis, `${eventsPrefix}:*`).catch(() => undefined);
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
