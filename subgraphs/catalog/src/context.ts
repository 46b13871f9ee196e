import DataLoader from 'dataloader';
import { keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import type { UseCases } from './app';
import type { CategoryRecord, ProductRecord, Repositories } from './data';

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  product: DataLoader<string, ProductRecord | null>;
  category: DataLoader<string, CategoryRecord | null>;
  productCount: DataLoader<string, number>;
}

export interface Context extends Caller {
  /** The repositories, shared by every request of the process (they hold nothing but the pool). */
  repos: Repositories;
  /** The use cases, shared by every request of the process. */
  useCases: UseCases;
  loaders: Loaders;
  log: SubgraphDeps['log'];
}

/**
 * One request's loaders, each made when a resolver first asks for it: most requests (a product read, an
 * entity fetch) use one of the three, and each loader is a cache and a batch queue of its own.
 */
class RequestLoaders implements Loaders {
  private productLoader?: Loaders['product'];
  private categoryLoader?: Loaders['category'];
  private productCountLoader?: Loaders['productCount'];

  constructor(private readonly repos: Repositories) {}

  get product(): Loaders['product'] {
    return (this.productLoader ??= keyedLoader((ids) => this.repos.products.findByIds(ids), (p) => p.id));
  }

  get category(): Loaders['category'] {
    return (this.categoryLoader ??= keyedLoader((ids) => this.repos.categories.findByIds(ids), (c) => c.id));
  }

  get productCount(): Loaders['productCount'] {
    return (this.productCountLoader ??= new DataLoader(async (ids) => {
      const counts = await this.repos.products.countByCategory(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }));
  }
}

export function createContext(deps: SubgraphDeps, repos: Repositories, useCases: UseCases, caller: Caller): Context {
  return {
    ...caller,
    repos,
    useCases,
    // Every line logged while handling a request carries its request id already (the logger's request scope).
    log: deps.log,
    loaders: new RequestLoaders(repos),
  };
}
