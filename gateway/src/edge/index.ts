import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type { Express } from 'express';
import { GraphQLError, type ParseOptions, type ValidationRule } from 'graphql';
import proxyaddr from 'proxy-addr';
import { sendJson, type Identity, type Logger, type Redis } from '@qc/shared';
import type { TokenVerifier } from '../auth';
import type { GatewayContext } from '../context';
import type { ErrorHandler, GraphqlResponse, Handler } from '../graphql-handler';
import type { SubscriptionGuard } from '../subscriptions/websocket';
import { EdgeCode } from './codes';
import type { EdgeSettings } from './config';
import { formatError, httpErrors, requestIdOnErrors } from './errors';
import { RequestLimits } from './limits';
import { clientOf, RateLimits, type Verdict } from './rate-limit';

export { EdgeCode } from './codes';
export { edgeEnv, edgeSettings, type EdgeSettings } from './config';

/** What the edge adds to Apollo Server: limits before planning, masked errors, the request id on every error. */
type ApolloEdge = Pick<ApolloServerOptions<GatewayContext>, 'formatError' | 'hideSchemaDetailsFromClientErrors'> & {
  plugins: ApolloServerPlugin<GatewayContext>[];
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
};

/**
 * The gateway's edge: the bounds every request meets before the gateway plans it (size, depth, aliases,
 * cost, rate), error masking, CORS. `server.ts` wires it; everything it decides lives here.
 */
export interface Edge {
  apollo: ApolloEdge;
  /** Handlers for `/graphql`, before the body is read: CORS, then the client's rate limit. */
  beforeBody: Handler[];
  /** The HTTP layer's own errors (bad JSON, body too large) as GraphQL errors; mount last. */
  httpErrors: ErrorHandler;
  /** The caller's identity, verified once by the rate limiter (undefined when it did not run). */
  identityOf(res: GraphqlResponse): Promise<Identity | null> | undefined;
  /** The same bounds for subscriptions over graphql-ws. */
  subscriptions: SubscriptionGuard;
  close(): Promise<void>;
}

/**
 * Builds the edge; with `settings.enabled` false (benchmarks only) there are no limits and no rate limits.
 * Rate limits count in `redis`, the gateway's one client (the gateway connects and closes it).
 */
export function createEdge(
  settings: EdgeSettings,
  tokens: Pick<TokenVerifier, 'identify'>,
  log: Logger,
  app: Express,
  redis: Redis,
): Edge {
  app.set('trust proxy', settings.trustProxy);
  const trust = app.get('trust proxy fn') as (addr: string, i: number) => boolean;
  const limits = settings.enabled ? new RequestLimits(settings.limits) : undefined;
  const rates = settings.enabled ? new RateLimits(settings.rateLimits, redis, log) : undefined;
  const window = settings.rateLimits.windowSeconds;
  const corsHandler = cors({
    origin: settings.corsOrigins,
    // Apollo's CSRF prevention needs these to tell a real client from a simple cross-site form post.
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'apollographql-client-name', 'apollographql-client-version', 'x-request-id', 'traceparent', 'tracestate'],
    exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
    maxAge: 600,
  });

  const rateLimit: Handler = async (req, res, next) => {
    if (!rates || req.method === 'OPTIONS') return next();
    const identity = tokens.identify(req.headers.authorization);
    res.locals.identity = identity;
    // A bad token is the context's to refuse (401); its sender spends its address's budget meanwhile.
    // The address express's `req.ip` gives, read the same way without express.
    const verdict = await rates.consume(clientOf(await identity.catch(() => null), proxyaddr(req, trust) ?? 'unknown'));
    if (verdict.allowed) {
      res.setHeader('ratelimit-limit', verdict.limit);
      res.setHeader('ratelimit-remaining', verdict.remaining);
      res.setHeader('ratelimit-reset', verdict.resetSeconds);
      return next();
    }
    res.setHeader('retry-after', verdict.retryAfterSeconds);
    sendJson(res, 429, { errors: [rateLimited(verdict, window, res.locals.requestId as string | undefined)] });
  };

  return {
    apollo: {
      formatError: formatError(settings.production),
      // No "Did you mean …?" in production: field suggestions map the schema for an attacker.
      hideSchemaDetailsFromClientErrors: settings.production,
      plugins: [...(limits ? [limits.plugin()] : []), requestIdOnErrors(log)],
      validationRules: limits?.validationRules ?? [],
      parseOptions: limits?.parseOptions ?? {},
    },
    beforeBody: [corsHandler, rateLimit],
    httpErrors: httpErrors(log),
    identityOf: (res) => res.locals.identity as Promise<Identity | null> | undefined,
    subscriptions: {
      parseOptions: limits?.parseOptions,
      validationRules: limits?.validationRules,
      hideSuggestions: settings.production,
      admitConnection: async (identity, request) => {
        if (!rates || identity) return {};
        const verdict = await rates.admitAnonymousSocket(proxyaddr(request, trust));
        if (!verdict.allowed) return { refused: `Too many connections without a token; retry in ${verdict.retryAfterSeconds} s` };
        return { release: verdict.release };
      },
      admitSubscription: async ({ identity, request, schema, document, operationName, variables }) => {
        const refused = limits?.checkCost(schema, document, operationName, variables, true);
        if (refused) return [refused];
        if (!rates) return undefined;
        const verdict = await rates.consume(clientOf(identity, proxyaddr(request, trust)));
        if (verdict.allowed) return undefined;
        const { message, extensions } = rateLimited(verdict, window);
        return [new GraphQLError(message, { extensions })];
      },
    },
    close: async () => {
      rates?.close();
    },
  };
}

function rateLimited(verdict: Extract<Verdict, { allowed: false }>, windowSeconds: number, requestId?: string) {
  return {
    message: `Too many requests: this client may make ${verdict.limit} every ${windowSeconds} s. Retry in ${verdict.retryAfterSeconds} s.`,
    extensions: { code: EdgeCode.RATE_LIMITED, retryAfter: verdict.retryAfterSeconds, ...(requestId ? { requestId } : {}) },
  };
}
