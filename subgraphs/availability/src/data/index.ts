import type { Knex } from '@qc/shared';
import { InventoryHistoryRepository } from './history';
import { ReservationRepository } from './reservations';
import { StockRepository } from './stock';
import { StoreLoadRepository } from './store-load';
import { StoreRepository } from './stores';
import type { StoreIndex } from './store-index';

export * from './types';
export { DbHealth, type DbHealthOptions } from './db-health';
export { RedisHealth, type RedisHealthOptions } from './redis-health';
export { StockCache, STOCK_CACHE_TTL_MS, type CachedStoreStock } from './stock-cache';
export { StoreIndex, GEO_LAT_LIMIT, type StoreHit } from './store-index';
export { isDuplicateOrder, type NewReservation } from './reservations';
export { InventoryHistoryRepository, ReservationRepository, StockRepository, StoreLoadRepository, StoreRepository };

export interface Repositories {
  stores: StoreRepository;
  stock: StockRepository;
  history: InventoryHistoryRepository;
  reservations: ReservationRepository;
  storeLoad: StoreLoadRepository;
}

export interface RepositoryOptions {
  /** When given, `stores.upsertMany` also updates the location index, so new stores are found at once. */
  storeIndex?: StoreIndex;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex, opts: RepositoryOptions = {}): Repositories => ({
  stores: new StoreRepository(db, opts.storeIndex),
  stock: new StockRepository(db),
  history: new InventoryHistoryRepository(db),
  reservations: new ReservationRepository(db),
  storeLoad: new StoreLoadRepository(db),
});
