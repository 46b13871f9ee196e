import type DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import {
  type CustomerRecord,
  type OrderLineRecord,
  type OrderRecord,
  type OrderStatusChangeRecord,
  type Repositories,
} from './data';
import { FINISHED } from './domain/access';
import type { UseCases } from './app';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  customer: DataLoader<string, CustomerRecord | null>;
  order: DataLoader<string, OrderRecord | null>;
  /** Lines of an order, by order id, in line order. */
  orderItems: DataLoader<string, OrderLineRecord[]>;
  /** Status changes of an order, by order id, oldest first. */
  orderHistory: DataLoader<string, OrderStatusChangeRecord[]>;
  /** A customer's orders still under way, by customer id: who works on them may see the customer. */
  activeOrdersOfCustomer: DataLoader<string, OrderRecord[]>;
}

export interface Context extends Caller {
  repos: Repositories;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The use cases, shared by every request and worker of the process. */
  useCases: UseCases;
}

/** `repos` are the process's (built once by `buildServer`: they hold nothing of a request); the loaders are the request's. */
export function createContext(deps: SubgraphDeps, repos: Repositories, useCases: UseCases, caller: Caller): Context {
  return {
    ...caller,
    repos,
    useCases,
    // Every line logged while handling a request carries its request id already (the logger's request scope).
    log: deps.log,
    loaders: {
      customer: keyedLoader((ids) => repos.customers.findByIds(ids), (c) => c.id),
      order: keyedLoader((ids) => repos.orders.findByIds(ids), (o) => o.id),
      orderItems: groupedLoader((ids) => repos.orderItems.findByOrderIds(ids), (i) => i.orderId),
      orderHistory: groupedLoader((ids) => repos.orderHistory.findByOrderIds(ids), (c) => c.orderId),
      activeOrdersOfCustomer: groupedLoader((ids) => repos.orders.findUnfinishedByCustomerIds(ids, FINISHED), (o) => o.customerId),
    },
  };
}
