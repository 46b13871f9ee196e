import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';
import { currentTraceId, REQUEST_ID, requestScope } from './context';


/** What an access line says beyond the request itself, read when the response is finished. */
export type AccessFields = (req: IncomingMessage, res: ServerResponse) => Record<string, unknown>;

/**
 * One JSON line per request (pino-http) with `requestId`, `traceId`, `status`, `durationMs` and what
 * `fields` adds (operation, client); then runs the rest of the request in its request scope, so every
 * line logged while handling it, and every event it writes, carries the same request id.
 *
 * The request id is the client's `x-request-id` when it is a plain short id, else a new UUID, and is
 * sent back in `x-request-id`. Headers are not logged (they carry tokens).
 */
export function accessLog(log: Logger, fields: AccessFields = () => ({})): RequestHandler[] {
  const traceIds = new WeakMap<IncomingMessage, string>();
  const logger = pinoHttp({
    logger: log,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      // The response finishes outside the request's trace context: keep its trace id for the line.
      const traceId = currentTraceId();
      if (traceId) traceIds.set(req, traceId);
      return id;
    },
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    serializers: { req: () => undefined, res: () => undefined },
    customProps: (req, res) => ({
      traceId: traceIds.get(req),
      method: req.method,
      // Mounted under a path, express strips it from `url`; `originalUrl` is what the client asked for.
      path: (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url,
      status: res.statusCode,
      ...(res.writableFinished || res.headersSent ? fields(req, res) : {}),
    }),
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
  const scope: RequestHandler = (req, _res, next) => {
    const requestId = String(req.id);
    // On the HTTP server span, so a trace can be found by the id a client quotes.
    getRPCMetadata(context.active())?.span?.setAttribute('request.id', requestId);
    requestScope.run({ requestId }, next);
  };
  return [logger as unknown as RequestHandler, scope];
}
