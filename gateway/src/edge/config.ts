import { z } from 'zod';
import { infraEnv, isDevelopment } from '@qc/shared';

const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** `acme=1000,globex=50` → `{ acme: 1000, globex: 50 }`: per-partner request budgets. */
const partnerBudgets = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const budgets: Record<string, number> = {};
    for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const match = /^([\w.:-]+)=(\d+)$/.exec(entry);
      if (!match || Number(match[2]) < 1) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not partner_id=requests (e.g. acme=1000)` });
        return z.NEVER;
      }
      budgets[match[1]!] = Number(match[2]);
    }
    return budgets;
  });

/**
 * The edge's environment: request bounds, rate limits, CORS and proxies. Spread into the gateway's
 * config schema so everything is validated together at start-up.
 */
export const edgeEnv = {
  /** Off only to measure what the edge costs (`npm run bench -- edge`); refused outside development. */
  EDGE_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .refine((value) => value === 'true' || isDevelopment(), { message: 'EDGE_ENABLED=false is for benchmarks: only with NODE_ENV=development' }),
  /** Deepest selection nesting (the README's "my orders" query is 7). */
  LIMIT_MAX_DEPTH: positive(12),
  /**
   * Aliased fields in one operation; aliases multiply work without making the document longer. 30 leaves
   * room for the admin tools' batched reads (25 `order(id:)` per query in the simulator).
   */
  LIMIT_MAX_ALIASES: positive(30),
  /** Directives in one operation. */
  LIMIT_MAX_DIRECTIVES: positive(20),
  /** Lexical tokens in one document: bounds parsing and validation before anything else runs. */
  LIMIT_MAX_TOKENS: positive(2000),
  /** Estimated cost of one query or mutation (see edge/cost.ts). */
  LIMIT_MAX_COST: positive(5000),
  /** Estimated cost of one subscription's selection: it is fetched again on every event. */
  LIMIT_MAX_LIVE_COST: positive(500),
  /** Items assumed in a list the schema cannot size (no `first`, no list argument). */
  LIMIT_LIST_SIZE: positive(20),
  /**
   * Subgraph calls slower than this fail as UNAVAILABLE instead of holding the client forever. Above the
   * longest chain a subgraph runs itself (placeOrder: catalog and availability 3 s each, payment 2 s).
   */
  SUBGRAPH_TIMEOUT_MS: positive(15_000),
  /**
   * The gateway's Redis (one client): rate-limit counters, so every replica enforces one budget, and the
   * registered operations and APQ store every replica reads.
   */
  REDIS_URL: infraEnv.REDIS_URL,
  /** Rate-limit window in seconds; the budgets below are requests per window. */
  RATE_LIMIT_WINDOW_S: positive(60),
  /** Per partner (`partner_id` claim, else `sub`), unless RATE_LIMIT_PARTNERS names it. */
  RATE_LIMIT_PARTNER: positive(600),
  /** Per-partner budgets, `partner_id=requests,…`, e.g. `acme=1000,globex=50`. */
  RATE_LIMIT_PARTNERS: partnerBudgets,
  /** Per signed-in user (customer, staff, courier, admin), by `sub`. */
  RATE_LIMIT_USER: positive(1200),
  /** Per client IP address for callers without a token. */
  RATE_LIMIT_ANONYMOUS: positive(600),
  /** WebSocket connections opened without a token, per IP address. */
  RATE_LIMIT_WS_ANONYMOUS: positive(30),
  /** Anonymous WebSocket connections one replica holds open at once, whoever opened them. */
  WS_MAX_ANONYMOUS_CONNECTIONS: positive(1000),
  /** Browser origins allowed to call the gateway, comma-separated (`https://shop.example,https://…`); none when empty. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean)),
  /**
   * Which hops' `X-Forwarded-For` to believe for the client's address (express "trust proxy" syntax:
   * `loopback`, a CIDR list, or a hop count). Default: `loopback` in development, none otherwise.
   */
  TRUST_PROXY: z.string().optional(),
};

type EdgeEnv = z.infer<z.ZodObject<typeof edgeEnv>>;

/** The edge's settings, derived from the validated environment. */
export function edgeSettings(env: EdgeEnv & { NODE_ENV?: string; EVENTS_PREFIX: string }) {
  const trustProxy = env.TRUST_PROXY ?? (env.NODE_ENV === 'development' ? 'loopback' : undefined);
  return {
    enabled: env.EDGE_ENABLED === 'true',
    /** Masking and no field suggestions everywhere but an explicit development (as the secrets are). */
    production: env.NODE_ENV !== 'development',
    limits: {
      maxDepth: env.LIMIT_MAX_DEPTH,
      maxAliases: env.LIMIT_MAX_ALIASES,
      maxDirectives: env.LIMIT_MAX_DIRECTIVES,
      maxTokens: env.LIMIT_MAX_TOKENS,
      maxCost: env.LIMIT_MAX_COST,
      maxLiveCost: env.LIMIT_MAX_LIVE_COST,
      listSize: env.LIMIT_LIST_SIZE,
    },
    rateLimits: {
      /** Keys live under the deployment's prefix, so deployments (and test files) sharing a Redis never meet. */
      keyPrefix: `${env.EVENTS_PREFIX}:ratelimit`,
      windowSeconds: env.RATE_LIMIT_WINDOW_S,
      partner: env.RATE_LIMIT_PARTNER,
      partners: env.RATE_LIMIT_PARTNERS,
      user: env.RATE_LIMIT_USER,
      anonymous: env.RATE_LIMIT_ANONYMOUS,
      wsAnonymous: env.RATE_LIMIT_WS_ANONYMOUS,
      wsMaxAnonymousConnections: env.WS_MAX_ANONYMOUS_CONNECTIONS,
    },
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: parseTrust(trustProxy),
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
  };
}

export type EdgeSettings = ReturnType<typeof edgeSettings>;

/** express's "trust proxy": a hop count stays a number; anything else is a list of addresses or names. */
function parseTrust(value: string | undefined): number | string[] | false {
  if (value === undefined || value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
