import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type Repositories, type StockRecord, type StoreRecord } from './data';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  store: DataLoader<string, StoreRecord | null>;
  /** Stock rows of a product across stores: N products in one response cost one query. */
  stockByProduct: DataLoader<string, StockRecord[]>;
}

export interface Context extends Caller {
  repos: Repositories;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The instant this request is answered at: every store's `isOpen` in one response agrees on it. */
  now: Date;
}

export function createContext(deps: SubgraphDeps, caller: Caller): Context {
  const repos = createRepositories(deps.db);
  return {
    ...caller,
    repos,
    log: deps.log.child({ requestId: caller.requestId }),
    now: new Date(),
    loaders: {
      store: keyedLoader((ids) => repos.stores.findByIds(ids), (s) => s.id),
      stockByProduct: groupedLoader((ids) => repos.stock.findByProductIds(ids), (s) => s.productId),
    },
  };
}
