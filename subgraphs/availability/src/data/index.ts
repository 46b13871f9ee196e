import type { Knex } from '@qc/shared';
import { StockRepository } from './stock';
import { StoreRepository } from './stores';

export * from './types';
export { StockRepository, StoreRepository };

export interface Repositories {
  stores: StoreRepository;
  stock: StockRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  stores: new StoreRepository(db),
  stock: new StockRepository(db),
});
