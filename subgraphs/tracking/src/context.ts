import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { type LiveParties, type PositionRecord, type Repositories } from './data';
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
  /** The repositories, shared by every request of the process (they hold nothing but the connections). */
  repos: Repositories;
  /** The use cases, shared by every request and worker of the process. */
  useCases: UseCases;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The instant this request is answered at: every ETA in one response is computed for it. */
  now: Date;
}

/**
 * One request's loaders, each made when a resolver first asks for it: a location report uses none, a
 * read one or two, and each loader is a cache and a batch queue of its own.
 */
class RequestLoaders implements Loaders {
  private positionLoader?: Loaders['position'];
  private etaLoader?: Loaders['eta'];
  private liveByCourierLoader?: Loaders['liveByCourier'];
  private liveByOrderLoader?: Loaders['liveByOrder'];
  private customerOfOrderLoader?: Loaders['customerOfOrder'];

  constructor(
    private readonly repos: Repositories,
    private readonly useCases: UseCases,
    private readonly now: Date,
  ) {}

  get position(): Loaders['position'] {
    return (this.positionLoader ??= keyedLoader((ids) => this.repos.positions.findLatest(ids), (p) => p.courierId));
  }

  get eta(): Loaders['eta'] {
    return (this.etaLoader ??= keyedLoader((ids) => this.useCases.eta.forOrders(ids, this.now), (e) => e.orderId));
  }

  get liveByCourier(): Loaders['liveByCourier'] {
    return (this.liveByCourierLoader ??= groupedLoader((ids) => this.repos.deliveries.liveParties('courier', ids), (d) => d.courierId));
  }

  get liveByOrder(): Loaders['liveByOrder'] {
    return (this.liveByOrderLoader ??= groupedLoader((ids) => this.repos.deliveries.liveParties('order', ids), (d) => d.orderId));
  }

  get customerOfOrder(): Loaders['customerOfOrder'] {
    return (this.customerOfOrderLoader ??= keyedLoader((ids) => this.repos.deliveries.customersOfOrders(ids), (c) => c.orderId));
  }
}

export function createContext(deps: SubgraphDeps, repos: Repositories, useCases: UseCases, caller: Caller): Context {
  const now = new Date();
  return {
    ...caller,
    repos,
    useCases,
    // Every line logged while handling a request carries its request id already (the logger's request scope).
    log: deps.log,
    now,
    loaders: new RequestLoaders(repos, useCases, now),
  };
}
