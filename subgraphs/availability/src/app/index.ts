import { OutboxRelay, type SubgraphDeps } from '@qc/shared';
import { createRepositories, DbHealth, RedisHealth, StockCache, StoreIndex } from '../data';
import { AvailabilityService } from './availability';
import { InventoryService } from './inventory';
import { ReservationService } from './reservations';

export { AvailabilityService, LOAD_TIMEOUT_MS, STORE_LIST_FRESH_MS } from './availability';
export { InventoryService } from './inventory';
export { ReservationService, SWEEP_BATCH, SWEEPER_ACTOR, type PackedOrder, type StockLine } from './reservations';

/** The long-lived parts of a process: they hold in-memory state (store records, database health). */
export interface Services {
  availability: AvailabilityService;
  inventory: InventoryService;
  reservations: ReservationService;
  storeIndex: StoreIndex;
  stockCache: StockCache;
  /** The outbox relay; `startWorkers` runs it, the use cases kick it after a commit. */
  relay: OutboxRelay;
}

/** Builds the services over the process's connections; Redis keys live under `deps.namespace`. */
export function createServices(deps: SubgraphDeps): Services {
  const storeIndex = new StoreIndex(deps.redis, deps.namespace);
  const stockCache = new StockCache(deps.redis, deps.namespace);
  const repos = createRepositories(deps.db, { storeIndex });
  const relay = new OutboxRelay(deps.db, deps.events, deps.log);
  const availability = new AvailabilityService({ repos, storeIndex, stockCache, health: new DbHealth(deps.db), redisHealth: new RedisHealth(deps.redis, deps.log), log: deps.log });
  return {
    storeIndex,
    stockCache,
    relay,
    availability,
    inventory: new InventoryService({ db: deps.db, stockCache, log: deps.log }),
    reservations: new ReservationService({ db: deps.db, availability, stockCache, relay, log: deps.log }),
  };
}
