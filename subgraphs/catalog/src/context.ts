import DataLoader from 'dataloader';
import { keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import type { UseCases } from './app';
import { createRepositories, type CategoryRecord, type ProductRecord, type Repositories } from './data';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  product: DataLoader<string, ProductRecord | null>;
  category: DataLoader<string, CategoryRecord | null>;
  productCount: DataLoader<string, number>;
}

export interface Context extends Caller {
  repos: Repositories;
  /** The use cases, shared by every request of the process. */
  useCases: UseCases;
  loaders: Loaders;
  log: SubgraphDeps['log'];
}

export function createContext(deps: SubgraphDeps, useCases: UseCases, caller: Caller): Context {
  const repos = createRepositories(deps.db);
  return {
    ...caller,
    repos,
    useCases,
    // Every line logged while handling a request carries its request id already (the logger's request scope).
    log: deps.log,
    loaders: {
      product: keyedLoader((ids) => repos.products.findByIds(ids), (p) => p.id),
      category: keyedLoader((ids) => repos.categories.findByIds(ids), (c) => c.id),
      productCount: new DataLoader(async (ids) => {
        const counts = await repos.products.countByCategory(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      }),
    },
  };
}
