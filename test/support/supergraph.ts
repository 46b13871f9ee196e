/**
 * Boots the six subgraphs (each on its own throwaway Postgres schema, real Redis and NATS) and the
 * gateway on free ports, in this process, for end-to-end tests.
 */
import { createLogger, SUBGRAPHS, type SubgraphDeps, type SubgraphName, type SubgraphServer, type Migration } from '@qc/shared';
import { createTestDeps, listenOnFreePort, TEST_HMAC_SECRET, type TestDeps } from '@qc/shared/testing';
import { gatewayConfig } from '../../gateway/src/config';
import { buildGateway, type GatewayServer } from '../../gateway/src/server';
import { MIGRATIONS } from '../../scripts/migrate';
import * as catalog from '../../subgraphs/catalog/src/server';
import * as availability from '../../subgraphs/availability/src/server';
import * as orders from '../../subgraphs/orders/src/server';
import * as fulfillment from '../../subgraphs/fulfillment/src/server';
import * as delivery from '../../subgraphs/delivery/src/server';
import * as tracking from '../../subgraphs/tracking/src/server';

const BUILDERS: Record<SubgraphName, (deps: SubgraphDeps, secret: string) => Promise<SubgraphServer>> = {
  catalog: catalog.buildServer,
  availability: availability.buildServer,
  orders: orders.buildServer,
  fulfillment: fulfillment.buildServer,
  delivery: delivery.buildServer,
  tracking: tracking.buildServer,
};

export const E2E_JWT_SECRET = 'e2e-jwt-secret-'.padEnd(40, 'x');

export interface RunningSupergraph {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  deps: Record<SubgraphName, TestDeps>;
  stop(): Promise<void>;
}

export async function startSupergraph(): Promise<RunningSupergraph> {
  const deps = {} as Record<SubgraphName, TestDeps>;
  const servers: SubgraphServer[] = [];
  const subgraphUrls = {} as Record<SubgraphName, string>;
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', JWT_SECRET: E2E_JWT_SECRET, GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET };
  for (const { name } of SUBGRAPHS) {
    deps[name] = await createTestDeps(`e2e_${name}`, MIGRATIONS[name] as readonly Migration[]);
    const server = await BUILDERS[name](deps[name], TEST_HMAC_SECRET);
    servers.push(server);
    subgraphUrls[name] = await listenOnFreePort(server);
    env[`${name.toUpperCase()}_URL`] = subgraphUrls[name];
  }
  const gateway: GatewayServer = await buildGateway(gatewayConfig(env), createLogger('e2e-gateway', 'silent'), env);
  const port = await gateway.listen(0, '127.0.0.1');
  return {
    gatewayUrl: `http://127.0.0.1:${port}/graphql`,
    subgraphUrls,
    deps,
    stop: async () => {
      await gateway.stop();
      await Promise.all(servers.map((s) => s.stop()));
      await Promise.all(Object.values(deps).map((d) => d.close()));
    },
  };
}

export interface GatewayResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export async function queryGateway<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GatewayResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<GatewayResponse<T>, 'status'>) };
}
