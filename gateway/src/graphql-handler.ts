import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { answerWithApollo } from '@qc/shared';

/** A `/graphql` request: node's own, with the JSON body once the body parser has read it. */
export type GraphqlRequest = IncomingMessage & { body?: unknown };

/** A `/graphql` response: node's own, with express's `locals` (what the handlers learn about the request). */
export type GraphqlResponse = ServerResponse & { locals: Record<string, unknown> };

/** What a handler calls to pass the request on (with an error: to the error handler). */
export type Next = (err?: unknown) => void;

/**
 * A middleware in express's shape that needs nothing of express (no router, no `res.status`, no `req.ip`):
 * the `/graphql` handlers are these, so the same chain runs under express and without it (`plainDoor`).
 */
export type Handler<Req extends IncomingMessage = GraphqlRequest, Res extends ServerResponse = GraphqlResponse> = (req: Req, res: Res, next: Next) => unknown;

/** An error middleware in express's shape, equally free of express. */
export type ErrorHandler = (err: unknown, req: GraphqlRequest, res: GraphqlResponse, next: Next) => void;

/** Apollo Server as the handler of `/graphql`, answering as `answerWithApollo` does (no ETag). */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: GraphqlRequest; res: GraphqlResponse }) => Promise<TContext>,
): Handler {
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
 * Handlers run in order as one handler, i.e. one router layer instead of one per handler: for the
 * handful `/graphql` stacks, express's router matched the mount path, trimmed and restored the URL and
 * went through its `next` once per handler of every request. As in express, a handler's `next()` runs
 * the following one, and `next(err)`, a thrown error or a rejected promise goes on to the error handlers.
 */
export function inOrder<Req extends IncomingMessage, Res extends ServerResponse>(handlers: readonly Handler<Req, Res>[]): Handler<Req, Res> {
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

/**
 * `handler` served on node's request and response without express in front: no router, no swap of the
 * request's and response's prototypes, no finalhandler built per request — what express cost a
 * `{ __typename }` before the chain even started. The chain gets what express would have given it:
 * `res.locals`, and its errors go to `onError` (the same error handler express mounts). Errors after the
 * answer has started, and a request no handler answered (a bug: the GraphQL handler answers them all),
 * end as express's finalhandler ends them: the connection is closed, or a 500.
 */
export function plainDoor(handler: Handler, onError: ErrorHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const response = res as GraphqlResponse;
    response.locals = Object.create(null) as Record<string, unknown>;
    const failed = (err: unknown) =>
      onError(err, req, response, () => {
        req.socket.destroy();
      });
    handler(req, response, (err) => failed(err ?? new Error(`no handler answered ${req.method ?? ''} ${req.url ?? ''}`)));
  };
}

/** Whether a request's URL is exactly `/graphql` (with or without a query string): the plain door's. */
export function isGraphqlPath(url: string | undefined): boolean {
  if (!url?.startsWith('/graphql')) return false;
  const rest = url.charCodeAt(8);
  return url.length === 8 || rest === 63 /* ? */;
}
