import { join } from 'node:path';
import { z } from 'zod';
import { DEV_JWT_SECRET, GATEWAY_PORT, infraEnv, loadConfig, port, secret } from '@qc/shared';

/** The gateway's environment, validated at start-up. */
export function gatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = loadConfig(
    z.object({
      NODE_ENV: infraEnv.NODE_ENV,
      LOG_LEVEL: infraEnv.LOG_LEVEL,
      GATEWAY_HMAC_SECRET: infraEnv.GATEWAY_HMAC_SECRET,
      GATEWAY_PORT: port(GATEWAY_PORT),
      /** HS256 secret for tokens, unless JWKS_URL is set. */
      JWT_SECRET: secret('JWT_SECRET', DEV_JWT_SECRET),
      /** Production identity providers publish their keys here (RS256/ES256). */
      JWKS_URL: z.string().url().optional(),
      JWT_ISSUER: z.string().optional(),
      JWT_AUDIENCE: z.string().optional(),
      SUPERGRAPH_PATH: z.string().default(join(__dirname, '..', '..', 'schema', 'supergraph.graphql')),
      /** Reload the supergraph when the file changes; on by default in development. */
      SUPERGRAPH_WATCH: z.enum(['true', 'false']).optional(),
      /** Subscriptions are fed by the events on NATS, under the deployment's prefix. */
      NATS_URL: infraEnv.NATS_URL,
      EVENTS_PREFIX: infraEnv.EVENTS_PREFIX,
      /** Live subscriptions one WebSocket connection may hold; one more is refused with an error. */
      SUBSCRIPTIONS_MAX_PER_CONNECTION: z.coerce.number().int().min(1).default(20),
      /** Ping every this many ms; a socket that has not answered the previous ping is terminated. */
      SUBSCRIPTIONS_KEEPALIVE_MS: z.coerce.number().int().min(0).default(12_000),
      /**
       * Status updates waiting for one slow subscriber before its connection is closed (1013, try
       * again later): they are never dropped, so a client that cannot keep up is cut off instead.
       */
      SUBSCRIPTIONS_MAX_PENDING: z.coerce.number().int().min(1).default(1000),
    }),
    env,
  );
  const development = parsed.NODE_ENV !== 'production';
  return {
    ...parsed,
    development,
    watchSupergraph: parsed.SUPERGRAPH_WATCH ? parsed.SUPERGRAPH_WATCH === 'true' : parsed.NODE_ENV === 'development',
  };
}

export type GatewayConfig = ReturnType<typeof gatewayConfig>;
