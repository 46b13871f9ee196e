import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type PickTaskItemRecord, type PickTaskRecord, type Repositories } from './data';
import type { UseCases } from './app';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  pickTask: DataLoader<string, PickTaskRecord | null>;
  pickTaskByOrder: DataLoader<string, PickTaskRecord | null>;
  /** Lines of a task, by task id, in product order. */
  pickTaskItems: DataLoader<string, PickTaskItemRecord[]>;
  openTaskCount: DataLoader<string, number>;
}

export interface Context extends Caller {
  repos: Repositories;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The use cases, shared by every request and worker of the process. */
  useCases: UseCases;
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
      pickTask: keyedLoader((ids) => repos.pickTasks.findByIds(ids), (t) => t.id),
      pickTaskByOrder: keyedLoader((orderIds) => repos.pickTasks.findByOrderIds(orderIds), (t) => t.orderId),
      pickTaskItems: groupedLoader((taskIds) => repos.pickTaskItems.findByTaskIds(taskIds), (i) => i.taskId),
      openTaskCount: new DataLoader(async (storeIds) => {
        const counts = await repos.pickTasks.countOpenByStore(storeIds);
        return storeIds.map((id) => counts.get(id) ?? 0);
      }),
    },
  };
}
