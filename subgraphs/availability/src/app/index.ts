import { BUSY_RELAY_SPACING_MS, OutboxRelay, workers, type SubgraphApp, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { createRepositories, DbHealth, RedisHealth, StockCache, StoreIndex } from '../data';
import { AvailabilityService } from './availability';
import { InventoryService } from './inventory';
import { ReservationService } from './reservations';
import { startWorkers } from './workers';

export { AvailabilityService, LOAD_TIMEOUT_MS, STORE_LIST_FRESH_MS } from './availability';
export { InventoryService } from './inventory';
export { ReservationService, SWEEP_BATCH, SWEEPER_ACTOR, type PackedOrder, type StockLine } from './reservations';

/** Availability's use cases; every request and every worker of the process shares them. */
export interface UseCases {
  /** Keeps the store records in memory: one list per process. */
  availability: AvailabilityService;
  inventory: InventoryService;
  reservations: ReservationService;
}

export type App = SubgraphApp<UseCases>;

/**
 * Availability's runtime for one process: the use cases, the location index and stock cache in Redis
 * (keys under `deps.namespace`) and the outbox relay they share with the workers.
 */
export function createApp(deps: SubgraphDeps, settings: Settings): App {
  const storeIndex = new StoreIndex(deps.redis, deps.namespace);
  const stockCache = new StockCache(deps.redis, deps.namespace);
  const repos = createRepositories(deps.db, { storeIndex });
  const relay = new OutboxRelay(deps.db, deps.events, deps.log, { kickSpacingMs: BUSY_RELAY_SPACING_MS });
  const availability = new AvailabilityService({ repos, storeIndex, stockCache, health: new DbHealth(deps.db), redisHealth: new RedisHealth(deps.redis, deps.log), log: deps.log });
  const useCases: UseCases = {
    availability,
    inventory: new InventoryService({ db: deps.db, stockCache, log: deps.log }),
    reservations: new ReservationService({ db: deps.db, availability, stockCache, relay, log: deps.log }),
  };
  const background = workers(() => startWorkers(deps, { ...useCases, storeIndex, stockCache, relay }, settings));
  return { useCases, workers: background, stop: () => background.stop() };
}
