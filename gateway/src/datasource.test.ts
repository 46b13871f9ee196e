import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { CLIENT_NAME_HEADER, HEADERS, SignatureVerifier, type ReplayStore } from '@qc/shared';
import type { GatewayContext } from './context';
import { SignedDataSource, subgraphPool } from './datasource';

const SECRET = 'datasource-test-secret-0123456789abcdef';

/** What the stand-in subgraph answers next, and what it was sent. */
interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
  received?: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
}

let server: http.Server;
let url: string;
const exchange: Exchange = { status: 200, headers: {}, body: '' };
const pool = subgraphPool();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      exchange.received = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      res.writeHead(exchange.status, exchange.headers);
      res.end(exchange.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?subgraph=test`;
});

afterAll(async () => {
  await pool.close();
  await new Promise((resolve) => server.close(resolve));
});

function answer(status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }) {
  exchange.status = status;
  exchange.headers = headers;
  exchange.body = typeof body === 'string' ? body : JSON.stringify(body);
  exchange.received = undefined;
}

/** A fetch of the query plan as @apollo/gateway hands it over, with the request's cache policy. */
function fetchOptions(context: Partial<GatewayContext>, restrict = jest.fn()) {
  return {
    options: {
      kind: 'incoming operation',
      request: { query: 'query P($id: ID!) { product(id: $id) { name } }', variables: { id: 'p1' }, operationName: 'P' },
      context,
      incomingRequestContext: { overallCachePolicy: { restrict } },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>,
    restrict,
  };
}

const memoryReplays = (): ReplayStore => {
  const seen = new Set<string>();
  return { remember: async (key) => !seen.has(key) && Boolean(seen.add(key)) };
};

describe('SignedDataSource', () => {
  it('when a fetch is sent, then the subgraph gets the query as JSON, signed over its exact bytes, with identity, request id and client', async () => {
    answer(200, { data: { product: { name: 'Milk' } } });
    const source = new SignedDataSource(url, SECRET, pool);
    const identity = { sub: 'cus_1', role: 'customer' as const };
    const { options } = fetchOptions({ identity, requestId: 'req-1', external: true, client: 'customer-app' });

    const response = await source.process(options);

    expect(response).toEqual({ data: { product: { name: 'Milk' } } });
    const sent = exchange.received!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/graphql?subgraph=test');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.headers[CLIENT_NAME_HEADER]).toBe('customer-app');
    expect(JSON.parse(sent.body)).toEqual({ query: 'query P($id: ID!) { product(id: $id) { name } }', variables: { id: 'p1' }, operationName: 'P' });
    const verified = await new SignatureVerifier(SECRET, memoryReplays()).verify(sent.headers, { method: 'POST', target: sent.url, body: sent.body });
    expect(verified).toEqual({ ok: true, identity, requestId: 'req-1' });
    // The same signature again is a replay: every fetch carries its own nonce.
    await source.process(options);
    expect(exchange.received!.headers[HEADERS.nonce]).not.toBe(sent.headers[HEADERS.nonce]);
  });

  it('when the gateway fetches for itself (no request context), then the call is anonymous, as `gateway`', async () => {
    answer(200, { data: { __typename: 'Query' } });
    const { options } = fetchOptions({});

    await new SignedDataSource(url, SECRET, pool).process(options);

    expect(exchange.received!.headers[HEADERS.identity]).toBe('');
    expect(exchange.received!.headers[HEADERS.requestId]).toBe('gateway');
    expect(exchange.received!.headers[CLIENT_NAME_HEADER]).toBe('gateway');
  });

  it('when the subgraph answers a Cache-Control, then it restricts the request cache policy as @apollo/gateway reads it', async () => {
    answer(200, { data: {} }, { 'content-type': 'application/json', 'cache-control': 'max-age=60, public' });
    const { options, restrict } = fetchOptions({ requestId: 'r' });

    await new SignedDataSource(url, SECRET, pool).process(options);
    expect(restrict).toHaveBeenCalledWith({ maxAge: 60, scope: 'PUBLIC' });

    answer(200, { data: {} });
    const second = fetchOptions({ requestId: 'r' });
    await new SignedDataSource(url, SECRET, pool).process(second.options);
    expect(second.restrict).toHaveBeenCalledWith({ maxAge: 0 });
  });

  it('when the subgraph answers a non-2xx, then the fetch fails with its status and body in extensions.response', async () => {
    answer(503, { errors: [{ message: 'down' }] });
    const { options } = fetchOptions({ requestId: 'r' });

    const failure = await new SignedDataSource(url, SECRET, pool).process(options).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(GraphQLError);
    expect((failure as GraphQLError).message).toBe('503: Service Unavailable');
    expect((failure as GraphQLError).extensions.response).toMatchObject({ status: 503, url, body: { errors: [{ message: 'down' }] } });
  });

  it('when the subgraph answers something other than a JSON object, then the fetch fails saying so', async () => {
    answer(200, 'not json', { 'content-type': 'text/plain' });
    const { options } = fetchOptions({ requestId: 'r' });

    await expect(new SignedDataSource(url, SECRET, pool).process(options)).rejects.toThrow('Expected JSON response body, but received: not json');
  });

  it('when the operation is only being pre-planned, then nothing is sent', async () => {
    answer(200, { data: {} });
    const { options } = fetchOptions({ preplan: true });

    expect(await new SignedDataSource(url, SECRET, pool).process(options)).toEqual({ data: null });
    expect(exchange.received).toBeUndefined();
  });
});
