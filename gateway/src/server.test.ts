import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createTestDeps, startTestSubgraph, TEST_HMAC_SECRET, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { createLogger } from '@qc/shared';
import { migrations } from '../../subgraphs/catalog/migrations';
import { createRepositories } from '../../subgraphs/catalog/src/data';
import { subgraph as catalogSubgraph } from '../../subgraphs/catalog/src/server';
import { SignJWT } from 'jose';
import * as apolloTelemetry from '@apollo/gateway/dist/utilities/opentelemetry';
import { signDevToken } from './auth';
import { gatewayConfig } from './config';
import { buildGateway, type GatewayServer } from './server';

let deps: TestDeps;
let catalog: TestSubgraph<typeof catalogSubgraph>;
let gateway: GatewayServer;
let gatewayUrl: string;
let phoneHome: jest.SpyInstance;

const JWT_SECRET = 'j'.repeat(40);

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  deps = await createTestDeps('gwcatalog', migrations);
  const repos = createRepositories(deps.db);
  await repos.categories.upsertMany([{ id: 'cat_bakery', name: 'Bakery', slug: 'bakery' }]);
  await repos.products.upsertMany([
    { id: 'prd_1', sku: 'B-1', name: 'Sourdough Bread', description: '', categoryId: 'cat_bakery', priceCents: 399, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  catalog = await startTestSubgraph(catalogSubgraph, deps);
  const catalogUrl = catalog.url;
  const env = { NODE_ENV: 'development', CATALOG_URL: catalogUrl, JWT_SECRET, GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET };
  phoneHome = jest.spyOn(apolloTelemetry, 'createDataCollectionExporter');
  gateway = await buildGateway(gatewayConfig(env), createLogger('gateway-test', 'silent'), env);
  gatewayUrl = `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}/graphql`;
});

afterAll(async () => {
  await gateway.stop();
  await catalog.stop();
  await deps.close();
});

describe('gateway', () => {
  it('when the gateway starts, then it sends no usage telemetry to Apollo and probes no cloud metadata address', () => {
    expect(phoneHome).not.toHaveBeenCalled();
  });

  it('when an anonymous client browses the catalog, then the gateway answers through the signed subgraph call', async () => {
    const res = await post({ query: '{ product(id: "prd_1") { name category { name } } }' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { product: { name: 'Sourdough Bread', category: { name: 'Bakery' } } } });
  });

  it('when a valid token is sent, then the query runs', async () => {
    const token = await signDevToken(JWT_SECRET, { sub: 'cus_1', role: 'customer' });
    const res = await post({ query: '{ categories { slug } }' }, { authorization: `Bearer ${token}` });
    expect(await res.json()).toEqual({ data: { categories: [{ slug: 'bakery' }] } });
  });

  it('when a forged token is sent, then the answer is 401 UNAUTHENTICATED and no data', async () => {
    const token = await signDevToken('f'.repeat(40), { sub: 'cus_1', role: 'admin' });
    const res = await post({ query: '{ categories { slug } }' }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('when a token carries no expiry, then the answer is 401 UNAUTHENTICATED saying so', async () => {
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('ops').setIssuedAt().sign(new TextEncoder().encode(JWT_SECRET));
    const res = await post({ query: '{ categories { slug } }' }, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ message: 'Token must carry an expiry (exp)', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('when a client sends a request id, then it is echoed; otherwise one is made', async () => {
    const given = await post({ query: '{ categories { id } }' }, { 'x-request-id': 'abc-123' });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await post({ query: '{ categories { id } }' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when a browser opens / in development, then it is sent to Sandbox at /graphql', async () => {
    const root = await fetch(gatewayUrl.replace('/graphql', '/'), { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
    const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('sandbox');
  });
});

describe('any supergraph', () => {
  /** A supergraph file of the catalog schema as a subgraph named `name` at `url`. */
  const supergraphFile = (name: string, url: string): string => {
    const typeDefs = parse(readFileSync(join(__dirname, '../../subgraphs/catalog/schema.graphql'), 'utf8'));
    const result = composeServices([{ name, url, typeDefs }]);
    if (result.errors) throw result.errors[0];
    const path = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    writeFileSync(path, result.supergraphSdl);
    return path;
  };

  const productName = async (env: NodeJS.ProcessEnv) => {
    const other = await buildGateway(gatewayConfig(env), createLogger('gateway-test', 'silent'), env);
    try {
      const url = `http://127.0.0.1:${await other.listen(0, '127.0.0.1')}/graphql`;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ product(id: "prd_1") { name } }' }) });
      return (await res.json()) as unknown;
    } finally {
      await other.stop();
    }
  };

  const base = { NODE_ENV: 'development', JWT_SECRET, GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET, SUPERGRAPH_WATCH: 'false' };

  it('when a subgraph has no URL in the environment, then the gateway calls the URL the supergraph file gives it', async () => {
    // A name this repository does not know, so no local default could stand in for the file's URL.
    const path = supergraphFile('shop-catalog', catalog.url);
    expect(await productName({ ...base, SUPERGRAPH_PATH: path })).toEqual({ data: { product: { name: 'Sourdough Bread' } } });
  });

  it('when <NAME>_URL is set, then it wins over the URL in the supergraph file', async () => {
    const path = supergraphFile('shop-catalog', 'http://127.0.0.1:1/graphql');
    expect(await productName({ ...base, SUPERGRAPH_PATH: path, SHOP_CATALOG_URL: catalog.url })).toEqual({ data: { product: { name: 'Sourdough Bread' } } });
  });

  it('when <NAME>_PORT is set, then the subgraph is called on localhost at that port', async () => {
    const path = supergraphFile('shop-catalog', 'http://127.0.0.1:1/graphql');
    expect(await productName({ ...base, SUPERGRAPH_PATH: path, SHOP_CATALOG_PORT: new URL(catalog.url).port })).toEqual({ data: { product: { name: 'Sourdough Bread' } } });
  });
});

describe('the /graphql door without express', () => {
  // `/graphql` is served by plainDoor, `/graphql/` by the same handlers under express: every answer alike.
  let edgeGateway: GatewayServer;
  let base: string;
  beforeAll(async () => {
    const env = { NODE_ENV: 'development', CATALOG_URL: catalog.url, JWT_SECRET, GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET, CORS_ORIGINS: 'https://shop.example', RATE_LIMIT_ANONYMOUS: '2' };
    edgeGateway = await buildGateway(gatewayConfig(env), createLogger('gateway-test', 'silent'), env);
    base = `http://127.0.0.1:${await edgeGateway.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => edgeGateway.stop());

  /** A client address of its own for each request (TRUST_PROXY is loopback in development), so budgets do not meet. */
  const someAddress = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;

  /** What a client sees of an answer: status, body (request id blanked) and headers but the per-request ones. */
  async function seen(res: Response) {
    const requestId = res.headers.get('x-request-id')!;
    const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id'));
    return { status: res.status, headers, body: (await res.text()).replaceAll(requestId, '<request id>') };
  }

  /** The same request through both doors, each from its own address; both answers as seen, equal. */
  async function both(init: RequestInit & { headers?: Record<string, string> }, search = '') {
    const [plain, viaExpress] = await Promise.all(
      ['/graphql', '/graphql/'].map(async (path) => seen(await fetch(`${base}${path}${search}`, { ...init, headers: { 'x-forwarded-for': someAddress(), ...init.headers } }))),
    );
    expect(plain).toEqual(viaExpress);
    return plain!;
  }

  const json = { 'content-type': 'application/json' };

  it('when a query is posted, then both doors answer it alike: 200, the data, CORS and rate-limit headers; only `/graphql/` goes through express', async () => {
    // express's app(req, res) is app.handle(req, res), which its types do not declare.
    const throughExpress = jest.spyOn(edgeGateway.app as unknown as { handle: (req: { originalUrl?: string }) => void }, 'handle');
    const answer = await both({ method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(answer).toMatchObject({ status: 200, body: '{"data":{"__typename":"Query"}}\n', headers: { 'ratelimit-limit': '2', 'ratelimit-remaining': '1', vary: 'Origin', 'content-type': 'application/json; charset=utf-8' } });
    expect(throughExpress.mock.calls.map(([req]) => req.originalUrl)).toEqual(['/graphql/']);
    throughExpress.mockRestore();
  });

  it('when the body is not JSON, too large, in a charset not read, or gzipped, then both doors answer as the JSON body parser decides, without an ETag', async () => {
    const bad = await both({ method: 'POST', headers: json, body: '{"query": "{ __typ' });
    expect(bad).toMatchObject({ status: 400, body: '{"errors":[{"message":"The request body is not valid JSON.","extensions":{"code":"BAD_REQUEST","requestId":"<request id>"}}]}' });
    expect(bad.headers.etag).toBeUndefined();
    const big = await both({ method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const latin = await both({ method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(latin.status).toBe(415);
    const zipped = await both({ method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ query: '{ __typename }' })) });
    expect(zipped).toMatchObject({ status: 200, body: '{"data":{"__typename":"Query"}}\n' });
    const text = await both({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(text.status).toBe(400);
  });

  it('when a query comes by GET, or a browser asks first (OPTIONS) from an allowed origin, then both doors answer alike', async () => {
    const get = await both({ headers: { 'apollo-require-preflight': 'true' } }, `?query=${encodeURIComponent('{ __typename }')}`);
    expect(get).toMatchObject({ status: 200, body: '{"data":{"__typename":"Query"}}\n' });
    const preflight = await both({ method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight).toMatchObject({ status: 204, headers: { 'access-control-allow-origin': 'https://shop.example' } });
    const browser = await both({ method: 'POST', headers: { ...json, origin: 'https://shop.example' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(browser.headers['access-control-allow-origin']).toBe('https://shop.example');
  });

  it('when a client is over its budget or sends a forged token, then both doors refuse alike (429 with Retry-After, 401)', async () => {
    const address = someAddress();
    const again = async (path: string) => {
      let res: Response | undefined;
      for (let i = 0; i < 3; i++) res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...json, 'x-forwarded-for': `${address}${path.length}` }, body: JSON.stringify({ query: '{ __typename }' }) });
      return seen(res!);
    };
    const [plain, viaExpress] = [await again('/graphql'), await again('/graphql/')];
    expect(plain).toEqual(viaExpress);
    expect(plain.status).toBe(429);
    expect(plain.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(plain.body).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', requestId: '<request id>' });
    const token = await signDevToken('f'.repeat(40), { sub: 'cus_1', role: 'admin' });
    const forged = await both({ method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(forged.status).toBe(401);
  });
});
