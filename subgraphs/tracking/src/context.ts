import type DataLoader from 'dataloader';
import { keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type PositionRecord, type Repositories } from './data';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  /** Latest position by courier id. */
  position: DataLoader<string, PositionRecord | null>;
}

export interface Context extends Caller {
  repos: Repositories;
  loaders: Loaders;
  log: SubgraphDeps['log'];
}

export function createContext(deps: SubgraphDeps, caller: Caller): Context {
  const log = deps.log.child({ requestId: caller.requestId });
  const repos = createRepositories(deps.db, deps.redis, deps.namespace, log);
  return {
    ...caller,
    repos,
    log,
    loaders: {
      position: keyedLoader((ids) => repos.positions.findLatest(ids), (p) => p.courierId),
    },
  };
}
