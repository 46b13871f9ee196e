import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { prettyLogs, type Logger } from '../logger';
import { REQUEST_ID, requestScope, requestTracing, unsampledTraceparent } from './context';

/** What an access line says beyond the request itself, read when the response is finished. */
export type AccessFields = (req: IncomingMessage, res: ServerResponse) => Record<string, unknown>;

/**
 * A request as the access log reads it: node's, or express's (which adds `originalUrl`, and `baseUrl`
 * where the handler is mounted under a path).
 */
type AccessRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string };

/** A middleware in express's shape that needs nothing of express: it runs on a plain node server too. */
export type AccessHandler = (req: AccessRequest, res: ServerResponse, next: () => void) => void;

/** A request that took at least this long is slow: pretty logs print its access line too. */
export const SLOW_REQUEST_MS = 1000;

export interface AccessLogOptions {
  /**
   * Every request gets its line at `info` (the default with JSON logs: machines search them). Off (the
   * default with pretty logs, a person at a terminal), only failed (status ≥ 400) and slow requests do;
   * the others are logged at `debug`, so `LOG_LEVEL=debug` shows them all.
   */
  everyRequest?: boolean;
  /** When `everyRequest` is off, requests at least this long still get their line; SLOW_REQUEST_MS by default. */
  slowMs?: number;
}

/**
 * One line per request, `request` (or `request failed` for a 5xx, at `error`), with `requestId`,
 * `traceId`, `method`, `path`, `status`, `durationMs` and what `fields` adds (operation, client); then
 * runs the rest of the request in its request scope, so every line logged while handling it, and every
 * event it writes, carries the same request id.
 *
 * The request id is the client's `x-request-id` when it is a plain short id, else a new UUID; it is
 * sent back in `x-request-id` and set as `req.id`. Headers are not logged (they carry tokens).
 */
export function accessLog(log: Logger, fields: AccessFields = () => ({}), options: AccessLogOptions = {}): [AccessHandler] {
  const everyRequest = options.everyRequest ?? !prettyLogs();
  const slowMs = options.slowMs ?? SLOW_REQUEST_MS;
  const handler: AccessHandler = (req, res, next) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (req as { id?: unknown }).id = requestId;
    res.setHeader('x-request-id', requestId);
    // Traced (see ./tracing.ts): a sampled request runs in its server span; one not sampled gets no
    // OpenTelemetry context at all, and its trace context (the caller's, or a new one) continues in the
    // request scope. The response finishes outside the request's context: its trace id is kept for the line.
    const tracing = requestTracing();
    const sampled = tracing?.sampled(req) ?? false;
    const unsampled = tracing && !sampled ? unsampledTraceparent(req.headers.traceparent) : undefined;
    // The route names the server span (`POST /graphql`); the request id is on it, so a trace can be
    // found by the id a client quotes.
    const route = req.baseUrl === undefined ? pathOf(req.url) : req.baseUrl || '/';
    const server = sampled ? tracing?.serverSpan(req, res, route, { 'request.id': requestId }) : undefined;
    const traceId = server ? server.traceId : unsampled?.slice(3, 35);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const durationMs = Math.round(performance.now() - started);
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : everyRequest || status >= 400 || durationMs >= slowMs ? 'info' : 'debug';
      if (!log.isLevelEnabled(level)) return;
      const line = {
        requestId,
        traceId,
        method: req.method,
        // Mounted under a path, express strips it from `url`; `originalUrl` is what the client asked for.
        path: req.originalUrl ?? req.url,
        status,
        ...(res.writableFinished || res.headersSent ? fields(req, res) : {}),
        durationMs,
      };
      log[level](line, status >= 500 ? 'request failed' : 'request');
    };
    res.on('finish', done);
    res.on('close', done);
    if (server) requestScope.run({ requestId }, next, server.context);
    else requestScope.run(unsampled ? { requestId, traceparent: unsampled } : { requestId }, next);
  };
  return [handler];
}

/** `/graphql?x=1` → `/graphql`. */
const pathOf = (url = '/'): string => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * On a sampled request's HTTP server span: the GraphQL operation's type and name (what the graphql
 * instrumentation's execute span said, without wrapping graphql for every request sampled or not).
 */
export function operationOnSpan<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      // The server span is the active one where Apollo starts a request (nothing opens another before).
      const span = trace.getSpan(context.active());
      if (!span?.isRecording()) return undefined;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (operation) span.setAttribute('graphql.operation.type', operation.operation);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
      };
    },
  };
}
