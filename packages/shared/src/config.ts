import { z } from 'zod';

/** Raised when the environment does not describe a runnable process; the message names every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Development defaults. Published in this repository, so accepted only when development is asked for. */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
export const DEV_HMAC_SECRET = 'dev-only-gateway-hmac-secret-0123456789';
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([DEV_JWT_SECRET, DEV_HMAC_SECRET]);

/**
 * Development is only ever asked for explicitly (`NODE_ENV=development`, as `npm start` sets). Any
 * other value, unset included, is treated as a real deployment: no published secret, no Sandbox.
 */
export const isDevelopment = (env: NodeJS.ProcessEnv = process.env): boolean => env.NODE_ENV === 'development';

/** The development value of each secret field, by the field's schema (see `secret`). */
const developmentValues = new WeakMap<z.ZodType, string>();

const developmentOnly = (name: string) =>
  `the published development value of ${name} is used only when NODE_ENV=development is set explicitly`;

const secretField = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} must be set: ${developmentOnly(name)}` : undefined) })
    .min(32, `${name} must be at least 32 characters`);

/**
 * A secret with a published development value: filled in when `NODE_ENV=development`, required
 * everywhere else, and refused everywhere else when it is set to a published value.
 */
export function secret(name: string, developmentValue: string) {
  const field = secretField(name);
  developmentValues.set(field, developmentValue);
  return field;
}

/** Like `secret`, for a secret another setting can stand in for (the JWT secret when JWKS_URL is set). */
export function optionalSecret(name: string, developmentValue: string) {
  const field = secretField(name).optional();
  developmentValues.set(field, developmentValue);
  return field;
}

/**
 * Parses `env` with a zod object schema and returns typed settings. Secret fields (`secret`) get their
 * development value only under `NODE_ENV=development` and are refused anywhere else when published.
 * `rules` names problems between variables (one needs another). Every missing or malformed variable is
 * listed in one message so an operator fixes them in one go.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  rules: (env: NodeJS.ProcessEnv) => string[] = () => [],
): z.infer<S> {
  const development = isDevelopment(env);
  const input: NodeJS.ProcessEnv = { ...env };
  const problems: string[] = [];
  for (const [name, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const developmentValue = developmentValues.get(field);
    if (developmentValue === undefined) continue;
    // Compose passes an unset secret on as empty: that is "not set", not "too short".
    if (input[name] === '') delete input[name];
    if (development) input[name] ??= developmentValue;
    else if (input[name] !== undefined && PUBLISHED_SECRETS.has(input[name])) {
      const nodeEnv = env.NODE_ENV ? `"${env.NODE_ENV}"` : 'unset';
      problems.push(`  - ${name}: is a published development secret; set your own (${developmentOnly(name)}; NODE_ENV is ${nodeEnv})`);
    }
  }
  problems.push(...rules(input).map((problem) => `  - ${problem}`));
  const parsed = schema.safeParse(input);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`));
  if (problems.length || !parsed.success) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return parsed.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings every service reads: where Postgres, Redis and NATS are, and how loudly to log. */
export const infraEnv = {
  /** `development` turns on the development secrets, Sandbox and introspection; anything else is a deployment. */
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/quickcommerce'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Events go to `<prefix>.<subject>` in the stream `<PREFIX>_EVENTS`; one prefix per deployment. */
  EVENTS_PREFIX: z.string().regex(/^[a-z0-9_]+$/, 'EVENTS_PREFIX must be lowercase letters, digits or _').default('qc'),
  /** Every Redis key is under `<prefix>:`; defaults to EVENTS_PREFIX, so one prefix names a deployment. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_]+$/, 'REDIS_PREFIX must be lowercase letters, digits or _').optional(),
  /** Copies JetStream keeps of the event stream: 1 on one server, 3 on a 3-node cluster (deploy/k8s). */
  EVENTS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
};

/** The secret the gateway signs subgraph requests with; every subgraph checks it. */
export const hmacSecretEnv = {
  GATEWAY_HMAC_SECRET: secret('GATEWAY_HMAC_SECRET', DEV_HMAC_SECRET),
};
