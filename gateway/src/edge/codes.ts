/**
 * Error codes the edge answers with (`extensions.code`), beside the platform's own in `@qc/shared`.
 * Clients switch on them; gateway/README.md lists which to retry.
 */
export const EdgeCode = {
  /** Selections nested deeper than LIMIT_MAX_DEPTH. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** More aliased fields than LIMIT_MAX_ALIASES. */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** More directives than LIMIT_MAX_DIRECTIVES. */
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  /** A document longer than LIMIT_MAX_TOKENS tokens. */
  QUERY_TOO_LARGE: 'QUERY_TOO_LARGE',
  /** Estimated cost above LIMIT_MAX_COST (or LIMIT_MAX_LIVE_COST for a subscription). */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** The client's request budget for this window is spent; retry after `extensions.retryAfter` seconds. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** An HTTP request the gateway cannot read (not JSON, wrong encoding). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A request body over the size limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** Something went wrong inside; the message says nothing more, `extensions.requestId` finds it in the logs. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type EdgeCode = (typeof EdgeCode)[keyof typeof EdgeCode];
