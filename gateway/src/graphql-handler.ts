import type { ApolloServer, BaseContext } from '@apollo/server';
import { answerWithApollo } from '@qc/shared';
import type { Request, RequestHandler, Response } from 'express';

/** Apollo Server as the express handler of `/graphql`, answering as `answerWithApollo` does (no ETag). */
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
    await answerWithApollo(server, req, res, req.body, () => context({ req, res }));
  };
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
