import DataLoader from 'dataloader';
import { groupedLoader, keyedLoader, type Caller, type SubgraphDeps } from '@qc/shared';
import type { Repositories, StockRecord, StoreRecord } from './data';
import type { ProductAvailabilityRecord } from './domain/availability';
import { locationKey, type Location } from './domain/location';
import type { UseCases } from './app';

/** One product's availability at one location: the key `Product.availability` loads by. */
export interface AvailabilityKey {
  location: Location;
  productId: string;
}

/** Loaders live for one request, so a batch never serves another caller's data. */
export interface Loaders {
  store: DataLoader<string, StoreRecord | null>;
  /** Stock rows of a product across stores: N products in one response cost one query. */
  stockByProduct: DataLoader<string, StockRecord[]>;
  /** Every product asked about at one location in one response costs one availability lookup. */
  availability: DataLoader<AvailabilityKey, ProductAvailabilityRecord, string>;
}

export interface Context extends Caller {
  repos: Repositories;
  /** The use cases, shared by every request and worker of the process. */
  useCases: UseCases;
  loaders: Loaders;
  log: SubgraphDeps['log'];
  /** The instant this request is answered at: every store's `isOpen` in one response agrees on it. */
  now: Date;
}

/** Groups the keys by location and answers each location with one lookup, results in key order. */
function availabilityLoader(useCases: UseCases, now: Date): Loaders['availability'] {
  return new DataLoader<AvailabilityKey, ProductAvailabilityRecord, string>(
    async (keys) => {
      const byLocation = new Map<string, { location: Location; indexes: number[] }>();
      keys.forEach((key, i) => {
        const group = byLocation.get(locationKey(key.location));
        if (group) group.indexes.push(i);
        else byLocation.set(locationKey(key.location), { location: key.location, indexes: [i] });
      });
      const results: ProductAvailabilityRecord[] = new Array(keys.length);
      await Promise.all(
        [...byLocation.values()].map(async ({ location, indexes }) => {
          const answers = await useCases.availability.lookup(location, indexes.map((i) => keys[i]!.productId), now);
          indexes.forEach((keyIndex, i) => (results[keyIndex] = answers[i]!));
        }),
      );
      return results;
    },
    { cacheKeyFn: (key) => `${locationKey(key.location)}|${key.productId}`, maxBatchSize: 1000 },
  );
}

/** `repos` are the process's (built once by `buildServer`: they hold nothing of a request); the loaders are the request's. */
export function createContext(deps: SubgraphDeps, repos: Repositories, useCases: UseCases, caller: Caller): Context {
  const now = new Date();
  return {
    ...caller,
    repos,
    useCases,
    // Every line logged while handling a request carries its request id already (the logger's request scope).
    log: deps.log,
    now,
    loaders: {
      store: keyedLoader((ids) => repos.stores.findByIds(ids), (s) => s.id),
      stockByProduct: groupedLoader((ids) => repos.stock.findByProductIds(ids), (s) => s.productId),
      availability: availabilityLoader(useCases, now),
    },
  };
}
