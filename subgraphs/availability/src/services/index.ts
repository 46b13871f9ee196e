import type { SubgraphDeps } from '@qc/shared';
import { createRepositories, DbHealth, StockCache, StoreIndex } from '../data';
import { AvailabilityService } from './availability';
import { InventoryService } from './inventory';

export { AvailabilityService, LOAD_TIMEOUT_MS } from './availability';
export { InventoryService } from './inventory';

/** The long-lived parts of a process: they hold in-memory state (store records, database health). */
export interface Services {
  availability: AvailabilityService;
  inventory: InventoryService;
  storeIndex: StoreIndex;
  stockCache: StockCache;
}

/** Builds the services over the process's connections; Redis keys live under `deps.namespace`. */
export function createServices(deps: SubgraphDeps): Services {
  const storeIndex = new StoreIndex(deps.redis, deps.namespace);
  const stockCache = new StockCache(deps.redis, deps.namespace);
  const repos = createRepositories(deps.db, { storeIndex });
  return {
    storeIndex,
    stockCache,
    availability: new AvailabilityService({ repos, storeIndex, stockCache, health: new DbHealth(deps.db), log: deps.log }),
    inventory: new InventoryService({ db: deps.db, stockCache, log: deps.log }),
  };
}
