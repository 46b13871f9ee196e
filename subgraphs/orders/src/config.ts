import { loadConfig, subgraphSettings, subgraphUrl, type SubgraphSettings } from '@qc/shared';
import { z } from 'zod';
import type { BreakerOptions, PaymentProvider } from './data/payment-provider';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');
const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** Orders' settings: what every subgraph reads, the ordering path's, and its workers' pace. */
export interface Settings extends SubgraphSettings {
  catalogUrl: string;
  availabilityUrl: string;
  /** Per call to catalog or availability. */
  serviceTimeoutMs: number;
  /** How long availability holds stock for an order that is never confirmed. */
  reservationTtlSeconds: number;
  /** How long a placement owns its idempotency key before a retry may take it over (crash recovery). */
  idempotencyLeaseMs: number;
  /** How long a duplicate request waits for the first one's result before answering "retry". */
  idempotencyWaitMs: number;
  /** How long placed orders' reservation confirmations are gathered before one call sends them; 0 sends each at once. */
  confirmBatchMs: number;
  payment: { latencyMs: number; outage: boolean; breaker: BreakerOptions };
  /** A payment provider instead of the simulated one the `payment` settings describe (tests script one). */
  paymentProvider?: PaymentProvider;
  /** How often refunds the provider refused are tried again. */
  refundRetryMs: number;
  /** Back-off before a failed event is delivered again; the consumer's default when absent. */
  retryDelayMs?: number;
}

/**
 * Reads orders' settings from the environment; a bad value is a ConfigError naming every
 * offending variable. Other subgraphs' URLs follow `subgraphUrl` (`CATALOG_URL`, `AVAILABILITY_URL`).
 */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  const c = loadConfig(
    z.object({
      ORDERS_SERVICE_TIMEOUT_MS: ms(3000),
      ORDERS_RESERVATION_TTL_SECONDS: z.coerce.number().int().min(30).default(600),
      ORDERS_IDEMPOTENCY_LEASE_MS: ms(30_000),
      ORDERS_IDEMPOTENCY_WAIT_MS: ms(15_000),
      // Far below the shortest reservation (30 s): the batch must reach availability before it expires.
      ORDERS_CONFIRM_BATCH_MS: z.coerce.number().int().min(0).max(5000).default(1000),
      PAYMENT_LATENCY_MS: ms(20),
      PAYMENT_OUTAGE: flag,
      PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(1).default(2000),
      PAYMENT_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
      PAYMENT_BREAKER_RESET_MS: ms(10_000),
      PAYMENT_BREAKER_VOLUME: z.coerce.number().int().min(1).default(10),
      PAYMENT_BREAKER_WINDOW_MS: z.coerce.number().int().min(100).default(10_000),
    }),
    env,
  );
  return {
    ...subgraphSettings(env),
    refundRetryMs: 15_000,
    catalogUrl: subgraphUrl('catalog', env),
    availabilityUrl: subgraphUrl('availability', env),
    serviceTimeoutMs: c.ORDERS_SERVICE_TIMEOUT_MS,
    reservationTtlSeconds: c.ORDERS_RESERVATION_TTL_SECONDS,
    idempotencyLeaseMs: c.ORDERS_IDEMPOTENCY_LEASE_MS,
    idempotencyWaitMs: c.ORDERS_IDEMPOTENCY_WAIT_MS,
    confirmBatchMs: c.ORDERS_CONFIRM_BATCH_MS,
    payment: {
      latencyMs: c.PAYMENT_LATENCY_MS,
      outage: c.PAYMENT_OUTAGE,
      breaker: {
        timeoutMs: c.PAYMENT_TIMEOUT_MS,
        errorThresholdPercentage: c.PAYMENT_BREAKER_ERROR_PERCENT,
        resetTimeoutMs: c.PAYMENT_BREAKER_RESET_MS,
        volumeThreshold: c.PAYMENT_BREAKER_VOLUME,
        rollingCountTimeoutMs: c.PAYMENT_BREAKER_WINDOW_MS,
      },
    },
  };
}
