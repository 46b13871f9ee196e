import { z } from 'zod';

/** Raised when the environment does not describe a runnable process; the message names every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses `env` with a zod object schema and returns typed settings.
 * Every missing or malformed variable is listed in one message so an operator fixes them in one go.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Development defaults; refused in production so a real deployment never runs on a published secret. */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
export const DEV_HMAC_SECRET = 'dev-only-gateway-hmac-secret-0123456789';

export const isProduction = (env: NodeJS.ProcessEnv = process.env): boolean => env.NODE_ENV === 'production';

/** A secret with a development default that production must override. */
export function secret(name: string, devDefault: string) {
  return z
    .string()
    .min(32, `${name} must be at least 32 characters`)
    .default(devDefault)
    .refine((value) => !(isProduction() && value === devDefault), {
      message: `${name} must be set in production (the development default is public)`,
    });
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Settings every service reads: where Postgres, Redis and NATS are, and how loudly to log. */
export const infraEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/quickcommerce'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Events go to `<prefix>.<subject>` in the stream `<PREFIX>_EVENTS`; one prefix per deployment. */
  EVENTS_PREFIX: z.string().regex(/^[a-z0-9_]+$/, 'EVENTS_PREFIX must be lowercase letters, digits or _').default('qc'),
  GATEWAY_HMAC_SECRET: secret('GATEWAY_HMAC_SECRET', DEV_HMAC_SECRET),
};
