import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isInfrastructureError, sendJson, UNAVAILABLE_MESSAGE, type Logger } from '@qc/shared';
import type { GatewayContext } from '../context';
import type { ErrorHandler } from '../graphql-handler';
import { EdgeCode } from './codes';
import { limitCodeOf } from './limits';

/**
 * What a client may learn from an error:
 * - `expected`: it carries a code of its own (BAD_USER_INPUT, FORBIDDEN, NOT_FOUND, a limit, and
 *   UNAVAILABLE as a subgraph words it: "…nothing was charged, retry with the same key"); code and
 *   message are the answer.
 * - `unavailable`: what the gateway itself sees of an outage — a subgraph unreachable, timed out, answering
 *   5xx, or an uncoded error that is a Postgres/Redis/NATS failure. Retryable; said as UNAVAILABLE without
 *   the address or driver message.
 * - `internal`: anything else (a bug, a database error that is not an outage). In production only
 *   INTERNAL_SERVER_ERROR and the request id.
 */
export type ErrorKind = 'expected' | 'unavailable' | 'internal';

/** Codes that say nothing about what went wrong: the error was not meant for a client. */
const UNCODED = new Set([undefined, 'INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);

/** Extensions that carry internals: stack traces, a subgraph's URL and raw response. */
const INTERNAL_EXTENSIONS = ['stacktrace', 'exception', 'response'];

export function classify(error: unknown, code: unknown): ErrorKind {
  // A subgraph that answered with an HTTP error instead of GraphQL: 5xx is an outage, anything else
  // (401 from a signature mismatch, 400 for a plan it refused) is the gateway's own fault.
  const status = responseStatusOf(error);
  if (status !== undefined) return status >= 500 ? 'unavailable' : 'internal';
  if (UNCODED.has(code as string | undefined)) return isInfrastructureError(error) ? 'unavailable' : 'internal';
  return 'expected';
}

function responseStatusOf(error: unknown): number | undefined {
  for (let e = error as { extensions?: { response?: { status?: unknown } }; originalError?: unknown } | undefined, i = 0; e && i < 5; i++) {
    const status = e.extensions?.response?.status;
    if (typeof status === 'number') return status;
    e = e.originalError as typeof e;
  }
  return undefined;
}

/** The 4xx status Apollo Server attached to a request it refused (`extensions.http.status`), if any. */
function clientHttpStatusOf(error: unknown): number | undefined {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Apollo Server's `formatError`: masks what is not for clients (see ErrorKind). Runs for HTTP requests
 * and for the fetches behind live subscriptions alike.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const limit = limitCodeOf(error);
    if (limit) {
      const { code, message, ...numbers } = limit;
      return { message, locations: formatted.locations, extensions: { code, ...numbers } };
    }
    // Apollo Server's own refusals of a malformed request (e.g. an APQ hash that does not match its
    // body) carry an HTTP 4xx and no code: they are the client's to fix, so say so instead of masking.
    if (UNCODED.has(formatted.extensions?.code as string | undefined) && clientHttpStatusOf(error) !== undefined) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: EdgeCode.BAD_REQUEST } };
    }
    const kind = classify(error, formatted.extensions?.code);
    const where = { path: formatted.path, locations: formatted.locations };
    if (kind === 'unavailable') return { message: UNAVAILABLE_MESSAGE, ...where, extensions: { code: ErrorCode.UNAVAILABLE } };
    if (kind === 'internal' && production) return { message: 'Internal server error', ...where, extensions: { code: EdgeCode.INTERNAL_SERVER_ERROR } };
    const extensions = { ...formatted.extensions };
    for (const key of INTERNAL_EXTENSIONS) if (key !== 'stacktrace' || production) delete extensions[key];
    if (production) delete extensions.serviceName;
    if (kind === 'internal') extensions.code = EdgeCode.INTERNAL_SERVER_ERROR;
    return { ...formatted, extensions };
  };
}

/**
 * Every error answered carries the request id (`extensions.requestId`, also the `x-request-id` header),
 * and every failure that is not the client's is logged once with it and all its details.
 */
export function requestIdOnErrors(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didEncounterErrors: async ({ errors, contextValue }) => {
        for (const error of errors) {
          if (limitCodeOf(error)) continue;
          const kind = classify(error, error.extensions?.code);
          if (kind !== 'expected') {
            log.warn({ requestId: contextValue.requestId, kind, err: error.originalError ?? error, path: error.path, extensions: error.extensions }, `request failed: ${kind}`);
          }
        }
      },
      willSendResponse: async ({ response, contextValue }) => {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
          ...e,
          extensions: { ...e.extensions, requestId: contextValue.requestId },
        }));
      },
    }),
  };
}

/**
 * The HTTP layer's own errors (a body that is not JSON, too large, in an unknown charset) answered as
 * GraphQL errors with a code, in every mode: never express's HTML page with its stack trace.
 */
export function httpErrors(log: Logger): ErrorHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const requestId = res.locals.requestId as string | undefined;
    const e = err as { status?: number; statusCode?: number; type?: string; limit?: number; expose?: boolean; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    let code: string = EdgeCode.BAD_REQUEST;
    let message: string;
    if (e.type === 'entity.too.large') {
      code = EdgeCode.PAYLOAD_TOO_LARGE;
      message = `The request body is larger than the ${e.limit ?? ''} bytes allowed.`.replace('the  bytes', 'size');
    } else if (e.type === 'entity.parse.failed') {
      message = 'The request body is not valid JSON.';
    } else if (status >= 400 && status < 500) {
      message = e.expose && e.message ? e.message : 'The request could not be read.';
    } else {
      code = EdgeCode.INTERNAL_SERVER_ERROR;
      message = 'Internal server error';
      log.error({ err, requestId }, 'unhandled error in the HTTP layer');
    }
    sendJson(res, status >= 400 && status < 600 ? status : 500, { errors: [{ message, extensions: { code, requestId } }] });
  };
}
