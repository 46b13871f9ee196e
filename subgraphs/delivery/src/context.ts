import DataLoader from 'dataloader';
import { keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import { createRepositories, type CourierRecord, type DispatchJobRecord, type OfferRecord, type Repositories, type StoredDeliveryRecord } from './data';
import type { UseCases } from './app';
import { currentDelivery } from './domain/current-delivery';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  courier: DataLoader<string, CourierRecord | null>;
  delivery: DataLoader<string, StoredDeliveryRecord | null>;
  /** By order id: the order's current delivery (see `currentDelivery`). */
  deliveryOfOrder: DataLoader<string, StoredDeliveryRecord | null>;
  /** By order id: what dispatch knows of the order (its store and customer, for the access rules). */
  jobOfOrder: DataLoader<string, DispatchJobRecord | null>;
  /** By delivery id: its offer still waiting for an answer, if any. */
  pendingOfferOfDelivery: DataLoader<string, OfferRecord | null>;
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
      courier: keyedLoader((ids) => repos.couriers.findByIds(ids), (c) => c.id),
      delivery: keyedLoader((ids) => repos.deliveries.findByIds(ids), (d) => d.id),
      jobOfOrder: keyedLoader((ids) => repos.dispatchJobs.findByOrderIds(ids), (j) => j.orderId),
      pendingOfferOfDelivery: keyedLoader((ids) => repos.offers.findPendingByDeliveryIds(ids), (o) => o.deliveryId),
      deliveryOfOrder: new DataLoader(async (orderIds) => {
        const byOrder = new Map<string, StoredDeliveryRecord[]>();
        for (const delivery of await repos.deliveries.findByOrderIds(orderIds)) {
          const list = byOrder.get(delivery.orderId);
          if (list) list.push(delivery);
          else byOrder.set(delivery.orderId, [delivery]);
        }
        return orderIds.map((id) => currentDelivery(byOrder.get(id) ?? []));
      }),
    },
  };
}
