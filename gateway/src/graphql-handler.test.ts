import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { graphqlHandler, inOrder } from './graphql-handler';

let server: ApolloServer<{ who: string }>;
let httpServer: http.Server;
let url: string;

beforeAll(async () => {
  server = new ApolloServer<{ who: string }>({
    typeDefs: 'type Query { hello: String, who: String }',
    resolvers: { Query: { hello: () => 'héllo', who: (_p: unknown, _a: unknown, ctx: { who: string }) => ctx.who } },
  });
  await server.start();
  const app = express();
  app.use('/graphql', express.json(), graphqlHandler(server, async ({ req }) => ({ who: String(req.headers['x-who'] ?? 'nobody') })));
  httpServer = http.createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  await server.stop();
  await new Promise((resolve) => httpServer.close(resolve));
});

describe('graphqlHandler', () => {
  it('when a query is posted, then Apollo answers it with its status, content type and the exact byte length, the context built from the request', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-who': 'ada' }, body: JSON.stringify({ query: '{ hello who }' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json; charset=utf-8$/);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ data: { hello: 'héllo', who: 'ada' } });
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  });

  it('when an answer is sent, then it carries no ETag (nothing revalidates a GraphQL answer by it), and the same request again is answered in full', async () => {
    const first = await fetch(`${url}?query=${encodeURIComponent('{ hello }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(first.headers.get('etag')).toBeNull();
    const again = await fetch(`${url}?query=${encodeURIComponent('{ hello }')}`, { headers: { 'apollo-require-preflight': 'true', 'if-none-match': 'W/"anything"' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ data: { hello: 'héllo' } });
  });

  it('when a request is malformed, then Apollo’s own refusal and status go out', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nothing: true }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/query/);
  });
});

describe('inOrder', () => {
  /** An app whose `/x` runs `handlers` as one; errors are answered `500 <message>`, a request nobody answers 404. */
  async function serve(handlers: RequestHandler[]) {
    const app = express();
    app.use('/x', inOrder(handlers));
    app.use(((err: Error, _req, res, _next) => void res.status(500).send(`caught: ${err.message}`)) as ErrorRequestHandler);
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const get = async () => {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x/y?z=1`);
      return `${res.status} ${await res.text()}`;
    };
    return { get, close: () => new Promise((resolve) => server.close(resolve)) };
  }
  const mark = (name: string): RequestHandler => (req, res, next) => {
    res.locals.seen = [...((res.locals.seen as string[] | undefined) ?? []), `${name}:${req.baseUrl}${req.url}`];
    next();
  };
  const answer: RequestHandler = (_req, res) => void res.send((res.locals.seen as string[]).join(' '));

  it('when each handler calls next, then they run in order, mounted as express mounts them, and the last answers', async () => {
    const app = await serve([mark('a'), mark('b'), answer]);
    expect(await app.get()).toBe('200 a:/x/y?z=1 b:/x/y?z=1');
    await app.close();
  });

  it('when the handlers all pass, then the request goes on past them (here: 404)', async () => {
    const app = await serve([mark('a')]);
    expect(await app.get()).toMatch(/^404 /);
    await app.close();
  });

  it.each([
    ['calls next(err)', ((_req, _res, next) => next(new Error('passed'))) as RequestHandler, 'passed'],
    ['throws', (() => {
      throw new Error('thrown');
    }) as RequestHandler, 'thrown'],
    ['rejects', (async () => {
      throw new Error('rejected');
    }) as RequestHandler, 'rejected'],
  ])('when a handler %s, then the handlers after it do not run and express’s error handler answers', async (_what, failing, message) => {
    const after = jest.fn(answer);
    const app = await serve([mark('a'), failing, after]);
    expect(await app.get()).toBe(`500 caught: ${message}`);
    expect(after).not.toHaveBeenCalled();
    await app.close();
  });
});
