import { noWorkers, type SubgraphApp, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { createRepositories } from '../data';
import { Products } from './products';

export { Products, findProducts, type ProductCriteria } from './products';

/** Catalog's use cases; every request of the process shares them. */
export interface UseCases {
  products: Products;
}

export type App = SubgraphApp<UseCases>;

/** Catalog's runtime for one process: its use cases, and no background work. */
export function createApp(deps: SubgraphDeps, _settings: Settings): App {
  const workers = noWorkers();
  return {
    useCases: { products: new Products(createRepositories(deps.db)) },
    workers,
    stop: () => workers.stop(),
  };
}
