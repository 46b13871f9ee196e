import type { Knex } from '@qc/shared';
import { CategoryRepository } from './categories';
import { ProductRepository } from './products';
import { SearchWordRepository } from './search-words';
import { SynonymRepository } from './synonyms';

export * from './types';
export type { ProductFilters, ProductPageKey, ProductPageQuery, ProductSearchKey, ProductSearchQuery, RankedProductRecord, SearchPlan } from './products';
export { NO_FILTERS } from './products';
export { CORRECTION_SIMILARITY, CORRECTIONS_PER_WORD, KNOWN_WORD_CORRECTION_SIMILARITY } from './search-words';
export { CategoryRepository, ProductRepository, SearchWordRepository, SynonymRepository };

export interface Repositories {
  products: ProductRepository;
  categories: CategoryRepository;
  synonyms: SynonymRepository;
  searchWords: SearchWordRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  products: new ProductRepository(db),
  categories: new CategoryRepository(db),
  synonyms: new SynonymRepository(db),
  searchWords: new SearchWordRepository(db),
});
