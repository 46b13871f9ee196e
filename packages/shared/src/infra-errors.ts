/**
 * Telling infrastructure failures (a dependency unreachable, reset, timed out or shutting down) from
 * everything else. Clients may retry the first kind, so it is answered as `UNAVAILABLE` and never with
 * the internal address or driver message that came with it.
 */

/** Node's socket errors, as `error.code`. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Postgres SQLSTATEs that say "not now" rather than "not this": connection exceptions (class 08),
 * shutdown and recovery (57P01–57P03), too many connections (53300), and the transaction conflicts
 * a retry resolves (40001 serialization failure, 40P01 deadlock).
 */
const RETRYABLE_SQLSTATE = /^(08...|57P0[123]|53300|40001|40P01)$/;

/** NATS client error codes for a lost or closing connection, a timed-out request, no responders. */
const NATS_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT', 'TIMEOUT', '503']);

/**
 * Thrown by our own code that refuses to wait for a dependency it knows is down (a Redis client that is
 * not connected), so the caller's infrastructure handling (UNAVAILABLE, a consumer's retry without
 * spending the event's budget) applies to it as to the driver's own errors.
 */
export class DependencyDownError extends Error {
  override name = 'DependencyDownError';
}

/** Error class names of pool, client and fetch timeouts (knex, ioredis, fetch); ioredis' `commandTimeout` error is known by its message. */
const NAMES = new Set(['DependencyDownError', 'KnexTimeoutError', 'MaxRetriesPerRequestError', 'TimeoutError', 'AbortError']);

/**
 * Messages that survive only as text: an error serialised by a subgraph, a driver wrapping another, or a
 * non-Error rejection that graphql-js turned into "Unexpected error value: { code: "ECONNREFUSED" … }".
 */
const MESSAGES = [
  /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)\b/,
  /socket hang up/,
  /Connection terminated/i,
  /Timeout acquiring a connection/,
  /Reached the max retries per request limit/,
  /^Connection is closed\.?$/,
  /^Command timed out$/,
  /Stream isn't writeable/,
  /did not answer within \d+ ms/,
  /network timeout at/,
];

/** Whether `error` (or anything it wraps: `originalError`, `cause`, `errors`) is an infrastructure failure. */
export function isInfrastructureError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; type?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (NETWORK_CODES.has(code) || RETRYABLE_SQLSTATE.test(code) || NATS_CODES.has(code))) return true;
  if (typeof e.name === 'string' && NAMES.has(e.name)) return true;
  // make-fetch-happen / minipass-fetch: `system` (socket) and `request-timeout` failures.
  if (e.type === 'system' || e.type === 'request-timeout') return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isInfrastructureError(inner, depth + 1))) return true;
  return isInfrastructureError(e.originalError, depth + 1) || isInfrastructureError(e.cause, depth + 1);
}

/** What a client is told about an infrastructure failure: nothing internal, and that a retry may work. */
export const UNAVAILABLE_MESSAGE = 'A service this request needs is temporarily unavailable. Retry shortly.';
