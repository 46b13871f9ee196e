import DataLoader from 'dataloader';
import { keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type PickTaskRecord, type Repositories } from './data';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  pickTask: DataLoader<string, PickTaskRecord | null>;
  pickTaskByOrder: DataLoader<string, PickTaskRecord | null>;
  openTaskCount: DataLoader<string, number>;
}

export interface Context extends Caller {
  repos: Repositories;
  loaders: Loaders;
  log: SubgraphDeps['log'];
}

export function createContext(deps: SubgraphDeps, caller: Caller): Context {
  const repos = createRepositories(deps.db);
  return {
    ...caller,
    repos,
    log: deps.log.child({ requestId: caller.requestId }),
    loaders: {
      pickTask: keyedLoader((ids) => repos.pickTasks.findByIds(ids), (t) => t.id),
      pickTaskByOrder: keyedLoader((orderIds) => repos.pickTasks.findByOrderIds(orderIds), (t) => t.orderId),
      openTaskCount: new DataLoader(async (storeIds) => {
        const counts = await repos.pickTasks.countOpenByStore(storeIds);
        return storeIds.map((id) => counts.get(id) ?? 0);
      }),
    },
  };
}
