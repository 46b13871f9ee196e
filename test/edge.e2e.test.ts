/**
 * The gateway's edge on the real supergraph: bounds refused before any subgraph call (counted at the
 * subgraphs), one rate limit shared by two replicas through Redis, production error masking, express's
 * own errors as GraphQL errors, an unreachable subgraph as UNAVAILABLE.
 */
import { SUBGRAPHS, type SubgraphName } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import { connectClient, Recorder } from '../gateway/src/subscriptions/testing/client';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
const calls: Record<SubgraphName, number> = Object.fromEntries(SUBGRAPHS.map(({ name }) => [name, 0])) as Record<SubgraphName, number>;
const subgraphCalls = () => Object.values(calls).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  graph = await startSupergraph({
    // Partners on the open policy: these tests count rate limits on free text; the registered-only policy
    // is tested in operations.e2e.
    gatewayEnv: { RATE_LIMIT_PARTNERS: 'acme=100', CORS_ORIGINS: 'https://shop.example', OPERATIONS_PARTNER_POLICY: 'open' },
  });
  await catalogRepos(graph.deps.catalog.db).categories.upsertMany([{ id: 'cat_fruit', name: 'Fruit', slug: 'fruit' }]);
  // Counted where the requests arrive: every GraphQL request each subgraph's HTTP server receives.
  for (const { name } of SUBGRAPHS) {
    // (express has already rewritten req.url by the time this listener runs; GraphQL calls are the POSTs.)
    graph.subgraphs[name].server.httpServer.on('request', (req: { method?: string }) => {
      if (req.method === 'POST') calls[name] += 1;
    });
  }
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

const nested = (levels: number): string => (levels === 0 ? 'id' : `queue { store { ${nested(levels - 1)} } }`);

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { res, text: await res.text() };
}

describe('bounds before planning', () => {
  it('when an anonymous client sends a 48-level query, then it is refused with QUERY_TOO_DEEP and no subgraph is called', async () => {
    const before = subgraphCalls();
    const res = await queryGateway(graph.gatewayUrl, `{ store(id: "str_1") { ${nested(23)} } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', max: 12, found: 48 });
    expect(res.errors?.[0]?.message).toMatch(/nests 48 levels deep; at most 12 are allowed/);
    expect(subgraphCalls()).toBe(before);
  });

  it('when a client sends 200 aliased categories { productCount }, then it is refused with TOO_MANY_ALIASES and no subgraph is called', async () => {
    const before = subgraphCalls();
    const aliases = Array.from({ length: 200 }, (_, i) => `c${i}: categories { productCount }`).join(' ');
    const res = await queryGateway(graph.gatewayUrl, `{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', max: 30, found: 200 });
    expect(subgraphCalls()).toBe(before);
  });

  it('when a page of 100 products asks for every store of every product, then it is refused with QUERY_TOO_COSTLY and no subgraph is called', async () => {
    const before = subgraphCalls();
    const query = 'query Costly($n: Int) { products(first: $n) { edges { node { stockLevels { store { name address } } } } } }';
    const res = await queryGateway(graph.gatewayUrl, query, { n: 100 });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', max: 5000 });
    expect(subgraphCalls()).toBe(before);
    // The same selection on a page of 5 is within bounds and runs.
    const small = await queryGateway(graph.gatewayUrl, query, { n: 5 });
    expect(small.errors).toBeUndefined();
    expect(subgraphCalls()).toBeGreaterThan(before);
  });

  it('when a document is longer than the token limit, then it is refused with QUERY_TOO_LARGE', async () => {
    const res = await queryGateway(graph.gatewayUrl, `{ ${'categories { id } '.repeat(600)} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', max: 2000 });
  });

  it('when a subscriber selects more than a live selection may cost, then the subscribe is refused with QUERY_TOO_COSTLY and no subgraph is called', async () => {
    const token = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_ada', role: 'customer' });
    const client = connectClient(graph.gatewayUrl.replace('http', 'ws'), token);
    try {
      const before = subgraphCalls();
      const live = new Recorder(
        client,
        'subscription Heavy($id: ID!) { orderUpdated(orderId: $id) { id items { product { name stockLevels { store { name queue { id items { quantity } } } } } } } }',
        { id: 'ord_1' },
      );
      await live.until((r) => r.error !== undefined, 10_000, 'refusal');
      expect(JSON.stringify(live.error)).toContain('QUERY_TOO_COSTLY');
      expect(subgraphCalls()).toBe(before);
    } finally {
      await client.dispose();
    }
  });

  it('when a subscriber nests deeper than the limit, then the subscribe is refused with QUERY_TOO_DEEP', async () => {
    const token = await signDevToken(E2E_JWT_SECRET, { sub: 'cus_ada', role: 'customer' });
    const client = connectClient(graph.gatewayUrl.replace('http', 'ws'), token);
    try {
      const live = new Recorder(client, `subscription { orderUpdated(orderId: "ord_1") { store { ${nested(8)} } } }`);
      await live.until((r) => r.error !== undefined, 10_000, 'refusal');
      expect(JSON.stringify(live.error)).toContain('QUERY_TOO_DEEP');
    } finally {
      await client.dispose();
    }
  });
});

describe('rate limits', () => {
  it('when a 100/min partner spreads 101 requests over two replicas, then the 101st is a 429 RATE_LIMITED with Retry-After on either replica', async () => {
    const second = await graph.startGateway();
    try {
      const token = await signDevToken(E2E_JWT_SECRET, { sub: 'svc_acme', role: 'partner', partnerId: 'acme' });
      const auth = { authorization: `Bearer ${token}` };
      const body = JSON.stringify({ query: '{ categories { id } }' });
      const replicas = [graph.gatewayUrl, second.url];
      for (let i = 0; i < 100; i++) {
        const { res } = await post(replicas[i % 2]!, body, auth);
        expect(res.status).toBe(200);
      }
      for (const url of replicas) {
        const { res, text } = await post(url, body, auth);
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        const refused = JSON.parse(text) as { errors: { message: string; extensions: { code: string; retryAfter: number } }[] };
        expect(refused.errors[0]!.extensions.code).toBe('RATE_LIMITED');
        expect(refused.errors[0]!.message).toMatch(/100 every 60 s/);
      }
      // Another partner's budget is its own.
      const other = await signDevToken(E2E_JWT_SECRET, { sub: 'svc_globex', role: 'partner', partnerId: 'globex' });
      expect((await post(second.url, body, { authorization: `Bearer ${other}` })).res.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('when Redis is unreachable, then each replica still enforces the budget on its own (fail open to per-replica limits)', async () => {
    const alone = await graph.startGateway({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_ANONYMOUS: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(alone.url, JSON.stringify({ query: '{ categories { id } }' }))).res.status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await alone.stop();
    }
  });

  it('when anonymous WebSocket connections exceed their budget, then the next is closed with 1013 (try again later)', async () => {
    const strict = await graph.startGateway({ RATE_LIMIT_WS_ANONYMOUS: '2' });
    const clients = [0, 1, 2].map(() => connectClient(strict.url.replace('http', 'ws')));
    try {
      const third = clients[2]!;
      const live = new Recorder(third, 'subscription { orderUpdated(orderId: "ord_1") { id } }');
      await live.until(() => third.closed !== undefined || live.error !== undefined, 10_000, 'third connection closed');
      const closes = clients.map((c) => c.closed?.code);
      expect(closes.filter((code) => code === 1013)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await strict.stop();
    }
  });
});

describe('errors and HTTP', () => {
  it('when the body is not JSON or is too large, then the answer is a GraphQL error with a code and no stack, in production and development', async () => {
    const production = await graph.startGateway({ NODE_ENV: 'production' });
    try {
      for (const url of [graph.gatewayUrl, production.url]) {
        const bad = await post(url, '{"query": "{ categories { id } ');
        expect(bad.res.status).toBe(400);
        expect(bad.res.headers.get('content-type')).toMatch(/application\/json/);
        expect(JSON.parse(bad.text)).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) } }] });
        const big = await post(url, JSON.stringify({ query: '{ categories { id } }', variables: { pad: 'x'.repeat(1_100_000) } }));
        expect(big.res.status).toBe(413);
        expect(JSON.parse(big.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
        for (const text of [bad.text, big.text]) expect(text).not.toMatch(/\bat \w|node_modules|\.js:\d|<html/i);
      }
    } finally {
      await production.stop();
    }
  });

  it('when a subgraph fails on a database error in production, then the client gets INTERNAL_SERVER_ERROR with a request id and no SQL', async () => {
    const production = await graph.startGateway({ NODE_ENV: 'production' });
    const db = graph.deps.catalog.db;
    await db.raw('ALTER TABLE categories RENAME TO categories_away');
    try {
      const { res, text } = await post(production.url, JSON.stringify({ query: '{ categories { id name } }' }), { 'x-request-id': 'req-db-1' });
      const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(res.headers.get('x-request-id')).toBe('req-db-1');
      expect(body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-db-1' } });
      expect(text).not.toMatch(/select|categories_away|relation|stacktrace|serviceName|\/work\/|\.ts:/i);
      // Development keeps the message for the developer, still coded.
      const dev = await queryGateway(graph.gatewayUrl, '{ categories { id } }');
      expect(dev.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await db.raw('ALTER TABLE categories_away RENAME TO categories');
      await production.stop();
    }
  });

  it('when a client gets something wrong in production, then the coded error keeps its code and message but loses field suggestions', async () => {
    const production = await graph.startGateway({ NODE_ENV: 'production' });
    try {
      const wrong = await queryGateway(production.url, '{ categoriez { id } }');
      expect(wrong.errors?.[0]?.message).toBe('Cannot query field "categoriez" on type "Query".');
      const invalid = await queryGateway(production.url, '{ products(first: 500) { totalCount } }');
      expect(invalid.errors?.[0]).toMatchObject({ message: 'first must be at most 100', extensions: { code: 'BAD_USER_INPUT' } });
    } finally {
      await production.stop();
    }
  });

  it('when a subgraph is unreachable, then the client gets UNAVAILABLE without its address', async () => {
    const broken = await graph.startGateway({ NODE_ENV: 'production', CATALOG_URL: 'http://127.0.0.1:1/graphql' });
    try {
      const { text } = await post(broken.url, JSON.stringify({ query: '{ categories { id } }' }));
      const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'UNAVAILABLE', requestId: expect.any(String) });
      expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:1\/graphql|catalog/);
    } finally {
      await broken.stop();
    }
  });

  it('when a browser on an allowed origin calls, then CORS allows it; any other origin gets no CORS grant', async () => {
    const allowed = await fetch(graph.gatewayUrl, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await fetch(graph.gatewayUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
