import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';

/**
 * Apollo Server as the express handler of `/graphql`: what @as-integrations/express5 does, except how
 * the answer leaves. Its `res.send` turns the body into a Buffer, hashes it (sha1) for an ETag and
 * checks the request's freshness against it, and node then writes headers and body apart. A GraphQL
 * answer depends on the caller's token and the moment and is never revalidated by its ETag, so here
 * the body goes out with `res.end` as it is: one write with its headers, node counts its length.
 * Everything else — headers in, status and headers out, incremental delivery — is as the integration.
 */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => Promise<TContext>,
): RequestHandler {
  server.assertStarted('graphqlHandler()');
  return async (req, res) => {
    if (!('body' in req)) {
      res.statusCode = 500;
      res.end('`req.body` is not set: the json middleware must run before the GraphQL handler.');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: searchOf(req), body: req.body },
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) {
      res.write(chunk);
      (res as ServerResponse & { flush?: () => void }).flush?.();
    }
    res.end();
  };
}

/** The query string of the request's URL with its `?` (`url.parse(url).search`), or ''. */
export function searchOf(req: Pick<IncomingMessage, 'url'>): string {
  const url = req.url ?? '';
  const hash = url.indexOf('#');
  const start = url.indexOf('?');
  if (start === -1 || (hash !== -1 && hash < start)) return '';
  return url.slice(start, hash === -1 ? undefined : hash);
}

/**
 * express handlers run in order as one handler, i.e. one router layer instead of one per handler: for
 * the handful `/graphql` stacks, express's router matched the mount path, trimmed and restored the URL
 * and went through its `next` once per handler of every request. As in express, a handler's `next()`
 * runs the following one, and `next(err)`, a thrown error or a rejected promise goes on to express's
 * error handlers.
 */
export function inOrder(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, done) => {
    let i = 0;
    const next = (err?: unknown): void => {
      if (err) return done(err);
      const handler = handlers[i++];
      if (!handler) return done();
      try {
        const result: unknown = handler(req, res, next);
        if (result instanceof Promise) result.catch((error: unknown) => next(error ?? new Error('Rejected promise')));
      } catch (error) {
        next(error);
      }
    };
    next();
  };
}
