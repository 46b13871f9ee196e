import type { Knex } from '@qc/shared';
import { CategoryRepository } from './categories';
import { ProductRepository } from './products';
import { SearchVocabularyRepository } from './search-vocabulary';
import { SearchWordRepository } from './search-words';
import { SynonymRepository } from './synonyms';

export * from './types';
export type { MatchParts, ProductFilters, ProductPageKey, ProductPageQuery, ProductSearchKey, ProductSearchQuery, RankedProductRecord, SearchPlan } from './products';
export { MAX_SEARCH_PHRASES, NO_FILTERS, prefixUpperBound, searchStatements } from './products';
export { CORRECTION_SIMILARITY, CORRECTIONS_PER_WORD, KNOWN_WORD_CORRECTION_SIMILARITY } from './search-words';
export type { SearchVocabulary } from './search-vocabulary';
export { CategoryRepository, ProductRepository, SearchVocabularyRepository, SearchWordRepository, SynonymRepository };

export interface Repositories {
  products: ProductRepository;
  categories: CategoryRepository;
  synonyms: SynonymRepository;
  searchWords: SearchWordRepository;
  /** The synonyms and corrections lookups of a search, together. */
  vocabulary: SearchVocabularyRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => {
  const synonyms = new SynonymRepository(db);
  const searchWords = new SearchWordRepository(db);
  return {
    products: new ProductRepository(db),
    categories: new CategoryRepository(db),
    synonyms,
    searchWords,
    vocabulary: new SearchVocabularyRepository(db),
  };
};
