import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import express from 'express';
import { graphqlHandler, searchOf } from './graphql-handler';

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

describe('searchOf', () => {
  it.each([
    ['/', ''],
    ['/?', '?'],
    ['/?a=1', '?a=1'],
    ['/?a=1#x', '?a=1'],
    ['/#a?b', ''],
    ['/?a#b?c', '?a'],
    ['/x?y?z', '?y?z'],
  ])('reads %s as url.parse does: %j', (path, search) => {
    expect(searchOf({ url: path })).toBe(search);
  });
});
