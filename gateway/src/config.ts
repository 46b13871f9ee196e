import { join } from 'node:path';
import { z } from 'zod';
import { DEV_JWT_SECRET, GATEWAY_PORT, hmacSecretEnv, infraEnv, isDevelopment, loadConfig, optionalSecret, port } from '@qc/shared';
import { POLICIES, type OperationPolicy, type PolicyConfig } from './operations/policy';

const policy = z.enum(POLICIES);

/** Where `npm run build -w @qc/web` writes the live pages. */
const DEFAULT_LIVE_PAGES_DIR = join(__dirname, '..', '..', 'clients', 'web', 'dist');

/** `name=policy,name=policy`: the first-party clients the gateway knows and how it treats each. */
const clientPolicies = z
  .string()
  .default('customer-app=apq,courier-app=apq,store-tablet=apq,web=apq,simulator=open')
  .transform((value, ctx) => {
    const clients = new Map<string, OperationPolicy>();
    for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
      const [name, p] = entry.split('=').map((x) => x.trim());
      const parsed = policy.safeParse(p);
      if (!name || !parsed.success) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" must be name=${POLICIES.join('|')}` });
        return z.NEVER;
      }
      clients.set(name, parsed.data);
    }
    return clients;
  });
import { edgeEnv, edgeSettings } from './edge/config';

/** The gateway's environment, validated at start-up. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = loadConfig(
    z.object({
      NODE_ENV: infraEnv.NODE_ENV,
      LOG_LEVEL: infraEnv.LOG_LEVEL,
      GATEWAY_HMAC_SECRET: hmacSecretEnv.GATEWAY_HMAC_SECRET,
      GATEWAY_PORT: port(GATEWAY_PORT),
      /** HS256 secret for tokens, unless JWKS_URL is set. */
      JWT_SECRET: optionalSecret('JWT_SECRET', DEV_JWT_SECRET),
      /** Production identity providers publish their keys here (RS256/ES256); needs JWT_ISSUER and JWT_AUDIENCE. */
      JWKS_URL: z.string().url().optional(),
      JWT_ISSUER: z.string().min(1).optional(),
      JWT_AUDIENCE: z.string().min(1).optional(),
      /**
       * Longest a token may live (its `exp` after its `iat`, and after now). Every token must expire;
       * a WebSocket is closed when its token does. At most 7 days.
       */
      JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(24 * 3600),
      SUPERGRAPH_PATH: z.string().default(join(__dirname, '..', '..', 'schema', 'supergraph.graphql')),
      /** Reload the supergraph when the file changes; on by default in development. */
      SUPERGRAPH_WATCH: z.enum(['true', 'false']).optional(),
      /** Subscriptions are fed by the events on NATS, under the deployment's prefix. */
      NATS_URL: infraEnv.NATS_URL,
      EVENTS_PREFIX: infraEnv.EVENTS_PREFIX,
      EVENTS_STREAM_REPLICAS: infraEnv.EVENTS_STREAM_REPLICAS,
      /** First-party clients by `apollographql-client-name` and their operation policy. */
      OPERATIONS_CLIENTS: clientPolicies,
      /** The policy of every partner token (role partner + partner_id). */
      OPERATIONS_PARTNER_POLICY: policy.default('registered'),
      /** Requests that name no client: a policy, or `refuse`. */
      OPERATIONS_ANONYMOUS_POLICY: z.enum([...POLICIES, 'refuse']).default('open'),
      /** How often each replica compares its lists' versions with Redis (a missed NATS notice is caught here). */
      OPERATIONS_POLL_MS: z.coerce.number().int().min(100).default(5000),
      /** Plan every registered operation at start and after each supergraph reload. */
      OPERATIONS_PREPLAN: z.enum(['true', 'false']).default('true'),
      /** How long an automatic persisted query stays registered after it was last registered. */
      APQ_TTL_SECONDS: z.coerce.number().int().min(1).default(86_400),
      /** Live subscriptions one WebSocket connection may hold; one more is refused with an error. */
      SUBSCRIPTIONS_MAX_PER_CONNECTION: z.coerce.number().int().min(1).default(20),
      /** Ping every this many ms; a socket that has not answered the previous ping is terminated. */
      SUBSCRIPTIONS_KEEPALIVE_MS: z.coerce.number().int().min(0).default(12_000),
      /**
       * Status updates waiting for one slow subscriber before its connection is closed (1013, try
       * again later): they are never dropped, so a client that cannot keep up is cut off instead.
       */
      SUBSCRIPTIONS_MAX_PENDING: z.coerce.number().int().min(1).default(1000),
      /**
       * `GET /metrics` sits on the public port: with a token, only a scraper sending
       * `Authorization: Bearer <token>` reads it. Outside development it is required, or /metrics answers 404.
       */
      // Compose passes an unset variable on as empty: that is "not set".
      METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional()),
      /**
       * The built live pages served at /live (clients/web/dist by default in development; `off` turns
       * them off). Outside development they are served only when this names a folder.
       */
      LIVE_PAGES_DIR: z.string().optional(),
      /** Request bounds, rate limits, CORS, proxies (gateway/src/edge). */
      ...edgeEnv,
    }),
    env,
    (input) => [
      ...(!input.JWKS_URL && !input.JWT_SECRET ? ['JWT_SECRET: must be set unless JWKS_URL is (the development value is used only when NODE_ENV=development is set explicitly)'] : []),
      // Without both, any token the identity provider issued for any application would pass.
      ...(input.JWKS_URL && !input.JWT_ISSUER ? ['JWT_ISSUER: must be set when JWKS_URL is (the issuer your identity provider puts in `iss`)'] : []),
      ...(input.JWKS_URL && !input.JWT_AUDIENCE ? ['JWT_AUDIENCE: must be set when JWKS_URL is (the audience of this API in `aud`)'] : []),
    ],
  );
  const development = isDevelopment(env);
  const operations: PolicyConfig = {
    clients: parsed.OPERATIONS_CLIENTS,
    partners: parsed.OPERATIONS_PARTNER_POLICY,
    anonymous: parsed.OPERATIONS_ANONYMOUS_POLICY,
  };
  return {
    ...parsed,
    operations,
    preplan: parsed.OPERATIONS_PREPLAN === 'true',
    development,
    edge: edgeSettings(parsed),
    watchSupergraph: parsed.SUPERGRAPH_WATCH ? parsed.SUPERGRAPH_WATCH === 'true' : development,
    livePagesDir: parsed.LIVE_PAGES_DIR === 'off' ? null : (parsed.LIVE_PAGES_DIR ?? (development ? DEFAULT_LIVE_PAGES_DIR : null)),
  };
}

export type GatewayConfig = ReturnType<typeof gatewayConfig>;
