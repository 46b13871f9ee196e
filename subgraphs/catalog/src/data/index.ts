import type { Knex } from '@qc/shared';
import { CategoryRepository } from './categories';
import { ProductRepository } from './products';

export * from './types';
export { CategoryRepository, ProductRepository };

export interface Repositories {
  products: ProductRepository;
  categories: CategoryRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  products: new ProductRepository(db),
  categories: new CategoryRepository(db),
});
