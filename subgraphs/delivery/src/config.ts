import { loadConfig, subgraphSettings, subgraphUrl, type SubgraphSettings } from '@qc/shared';
import type { StoreLocator } from './data/clients/stores';
import { z } from 'zod';
import type { SearchRules } from './domain/dispatch-policy';

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Settings of courier dispatch beyond what every subgraph reads (see `subgraphConfig`). */
export interface DispatchSettings {
  /** How long a courier has to answer an offer. */
  offerWindowMs: number;
  search: SearchRules;
  /** Width of the distance bands in the courier score. */
  distanceBandMeters: number;
  /** An offer may go out when the courier would reach the store at most this long before the bag is ready. */
  readinessToleranceSeconds: number;
  /** The longest a waiting order goes without a new look. */
  maxRecheckMs: number;
  /** Positions older than this do not count: the courier's phone stopped reporting. */
  positionMaxAgeMs: number;
  /** Nearest couriers read from the position index per search. */
  candidateLimit: number;
  /**
   * How soon the dispatcher looks again at orders already due that a run could not settle (locked by
   * another replica, failed, store not located yet); also paces the no-courier recheck (5×).
   */
  dispatchIntervalMs: number;
  /**
   * A run the events wake starts at least this long after the dispatcher's previous run: the orders
   * that became due meanwhile share one run (its reads of due jobs, missing stores and the next due
   * time) instead of costing one each. It delays an offer by at most this much.
   */
  dispatchKickSpacingMs: number;
  /** How soon the sweeper looks again at expired offers a run could not take (locked elsewhere). */
  sweepIntervalMs: number;
  /**
   * With nothing due, how long the dispatcher and sweeper sleep before looking anyway: events, due
   * times and new offers wake them, so this only bounds how long work another replica left can wait.
   */
  idleRecheckMs: number;
  /** availability's GraphQL endpoint (store locations). */
  availabilityUrl: string;
  serviceTimeoutMs: number;
  /** How long a store's location is cached; stores rarely move. */
  storeCacheTtlMs: number;
}

/** Delivery's settings: what every subgraph reads, and dispatch's. */
export interface Settings extends SubgraphSettings, DispatchSettings {
  /** Store locations from somewhere other than availability (tests). */
  stores?: StoreLocator;
}

/** Reads delivery's settings; a bad value is a ConfigError naming every offending variable. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return { ...subgraphSettings(env), ...dispatchSettings(env) };
}

/**
 * Reads the dispatch settings from the environment; a bad value is a ConfigError naming every offending
 * variable. availability's URL follows `subgraphUrl` (`AVAILABILITY_URL`).
 */
export function dispatchSettings(env: NodeJS.ProcessEnv = process.env): DispatchSettings {
  const c = loadConfig(
    z.object({
      DELIVERY_OFFER_WINDOW_MS: int(30_000, 100),
      DELIVERY_SEARCH_RADIUS_METERS: int(3000, 100),
      DELIVERY_MAX_SEARCH_RADIUS_METERS: int(12_000, 100),
      DELIVERY_MISSES_BEFORE_WIDENING: int(3, 1),
      DELIVERY_MAX_OFFER_ATTEMPTS: int(9, 1),
      DELIVERY_NO_COURIER_TIMEOUT_MS: int(300_000),
      DELIVERY_DISTANCE_BAND_METERS: int(500, 1),
      DELIVERY_READINESS_TOLERANCE_SECONDS: int(30),
      DELIVERY_MAX_RECHECK_MS: int(15_000, 100),
      DELIVERY_POSITION_MAX_AGE_MS: int(120_000, 1000),
      DELIVERY_CANDIDATE_LIMIT: int(100, 1),
      DELIVERY_DISPATCH_INTERVAL_MS: int(1000, 10),
      DELIVERY_DISPATCH_KICK_SPACING_MS: int(250),
      DELIVERY_SWEEP_INTERVAL_MS: int(1000, 10),
      DELIVERY_IDLE_RECHECK_MS: int(30_000, 10),
      DELIVERY_SERVICE_TIMEOUT_MS: int(3000, 1),
      DELIVERY_STORE_CACHE_TTL_MS: int(3_600_000),
    }),
    env,
  );
  return {
    offerWindowMs: c.DELIVERY_OFFER_WINDOW_MS,
    search: {
      baseRadiusMeters: c.DELIVERY_SEARCH_RADIUS_METERS,
      maxRadiusMeters: Math.max(c.DELIVERY_MAX_SEARCH_RADIUS_METERS, c.DELIVERY_SEARCH_RADIUS_METERS),
      missesBeforeWidening: c.DELIVERY_MISSES_BEFORE_WIDENING,
      maxAttempts: c.DELIVERY_MAX_OFFER_ATTEMPTS,
      noCourierTimeoutMs: c.DELIVERY_NO_COURIER_TIMEOUT_MS,
    },
    distanceBandMeters: c.DELIVERY_DISTANCE_BAND_METERS,
    readinessToleranceSeconds: c.DELIVERY_READINESS_TOLERANCE_SECONDS,
    maxRecheckMs: c.DELIVERY_MAX_RECHECK_MS,
    positionMaxAgeMs: c.DELIVERY_POSITION_MAX_AGE_MS,
    candidateLimit: c.DELIVERY_CANDIDATE_LIMIT,
    dispatchIntervalMs: c.DELIVERY_DISPATCH_INTERVAL_MS,
    dispatchKickSpacingMs: c.DELIVERY_DISPATCH_KICK_SPACING_MS,
    sweepIntervalMs: c.DELIVERY_SWEEP_INTERVAL_MS,
    idleRecheckMs: c.DELIVERY_IDLE_RECHECK_MS,
    availabilityUrl: subgraphUrl('availability', env),
    serviceTimeoutMs: c.DELIVERY_SERVICE_TIMEOUT_MS,
    storeCacheTtlMs: c.DELIVERY_STORE_CACHE_TTL_MS,
  };
}
