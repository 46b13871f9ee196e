import type DataLoader from 'dataloader';
import { keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type PositionRecord, type Repositories } from './data';
import type { EtaRecord } from './domain/eta';
import type { Services } from './services';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  /** Latest position by courier id. */
  position: DataLoader<string, PositionRecord | null>;
  /** ETA by order id, computed at the request's `now`. */
  eta: DataLoader<string, EtaRecord | null>;
}

export interface Context extends Caller {
  repos: Repositories;
  services: Services;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The instant this request is answered at: every ETA in one response is computed for it. */
  now: Date;
}

export function createContext(deps: SubgraphDeps, services: Services, caller: Caller): Context {
  const log = deps.log.child({ requestId: caller.requestId });
  const repos = createRepositories(deps.db, deps.redis, deps.namespace, log);
  const now = new Date();
  return {
    ...caller,
    repos,
    services,
    log,
    now,
    loaders: {
      position: keyedLoader((ids) => repos.positions.findLatest(ids), (p) => p.courierId),
      eta: keyedLoader((ids) => services.eta.forOrders(ids, now), (e) => e.orderId),
    },
  };
}
