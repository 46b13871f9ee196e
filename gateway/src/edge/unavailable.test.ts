/**
 * Infrastructure failures reach clients as UNAVAILABLE (retryable) with nothing internal: a subgraph whose
 * Postgres is down, and a subgraph that does not answer in time.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createDb, createLogger } from '@qc/shared';
import { createTestDeps, startTestSubgraph, TEST_HMAC_SECRET, TEST_REDIS_URL, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { migrations } from '../../../subgraphs/catalog/migrations';
import { subgraph as catalogSubgraph } from '../../../subgraphs/catalog/src/server';
import { gatewayConfig } from '../config';
import { buildGateway, type GatewayServer } from '../server';

let deps: TestDeps;
let catalog: TestSubgraph<typeof catalogSubgraph>;
let silent: Server;
// The silent server's accepted connections: it never reads them, so it never sees the gateway hang up, and
// `close()` alone leaves them open (they held jest's worker alive after the run).
const silentSockets = new Set<Socket>();
const gateways: GatewayServer[] = [];

const startGateway = async (env: NodeJS.ProcessEnv) => {
  const full = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET, REDIS_URL: TEST_REDIS_URL, EVENTS_PREFIX: deps.schema, ...env };
  const gateway = await buildGateway(gatewayConfig(full), createLogger('gateway-test', 'silent'), full);
  gateways.push(gateway);
  return `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}/graphql`;
};

const ask = async (url: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ categories { id } }' }) });
  return { text: await res.text(), requestId: res.headers.get('x-request-id') };
};

beforeAll(async () => {
  deps = await createTestDeps('gwunavailable', migrations);
  // The catalog's Postgres is "down": its pool points at a port nobody listens on.
  catalog = await startTestSubgraph(catalogSubgraph, { ...deps, db: createDb({ url: 'postgres://postgres@127.0.0.1:1/none', schema: deps.schema }) });
  // A subgraph that accepts connections and never answers.
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await catalog.stop();
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await deps.close();
});

describe('infrastructure failures', () => {
  it('when a subgraph reports its Postgres down, then the client gets UNAVAILABLE with the request id and no address', async () => {
    const url = await startGateway({ CATALOG_URL: `http://127.0.0.1:${(catalog.server.httpServer.address() as { port: number }).port}/graphql` });
    const { text, requestId } = await ask(url);
    const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/temporarily unavailable/), extensions: { code: 'UNAVAILABLE', requestId } });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|5432|:1\b|postgres|serviceName/i);
  });

  it('when a subgraph does not answer within SUBGRAPH_TIMEOUT_MS, then the client gets UNAVAILABLE instead of waiting', async () => {
    const url = await startGateway({ CATALOG_URL: `http://127.0.0.1:${(silent.address() as { port: number }).port}/graphql`, SUBGRAPH_TIMEOUT_MS: '300' });
    const { text } = await ask(url);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAVAILABLE');
    expect(text).not.toMatch(/timeout at|127\.0\.0\.1/);
  });
});
