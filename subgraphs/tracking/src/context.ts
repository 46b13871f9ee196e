import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type LiveParties, type PositionRecord, type Repositories } from './data';
import type { EtaRecord } from './domain/eta';
import type { UseCases } from './app';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  /** Latest position by courier id. */
  position: DataLoader<string, PositionRecord | null>;
  /** ETA by order id, computed at the request's `now`. */
  eta: DataLoader<string, EtaRecord | null>;
  /** Live deliveries by courier id, with who is party to them (access rules). */
  liveByCourier: DataLoader<string, LiveParties[]>;
  /** Live deliveries by order id, with who is party to them (access rules). */
  liveByOrder: DataLoader<string, LiveParties[]>;
  /** Who ordered, by order id (access rules). */
  customerOfOrder: DataLoader<string, { orderId: string; customerId: string } | null>;
}

export interface Context extends Caller {
  repos: Repositories;
  /** The use cases, shared by every request and worker of the process. */
  useCases: UseCases;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The instant this request is answered at: every ETA in one response is computed for it. */
  now: Date;
}

export function createContext(deps: SubgraphDeps, useCases: UseCases, caller: Caller): Context {
  // Every line logged while handling a request carries its request id already (the logger's request scope).
  const log = deps.log;
  const repos = createRepositories(deps.db, deps.redis, deps.namespace, log);
  const now = new Date();
  return {
    ...caller,
    repos,
    useCases,
    log,
    now,
    loaders: {
      position: keyedLoader((ids) => repos.positions.findLatest(ids), (p) => p.courierId),
      eta: keyedLoader((ids) => useCases.eta.forOrders(ids, now), (e) => e.orderId),
      liveByCourier: groupedLoader((ids) => repos.deliveries.liveParties('courier', ids), (d) => d.courierId),
      liveByOrder: groupedLoader((ids) => repos.deliveries.liveParties('order', ids), (d) => d.orderId),
      customerOfOrder: keyedLoader((ids) => repos.deliveries.customersOfOrders(ids), (c) => c.orderId),
    },
  };
}
