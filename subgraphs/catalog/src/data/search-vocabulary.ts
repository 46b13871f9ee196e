import { preparedStatement, type Knex } from '@qc/shared';
import { correctableWords, correctionsSql } from './search-words';
import { groupsMentionedSql } from './synonyms';
import type { SynonymRecord, WordCorrection } from './types';

/** What a search looks up before its query: the synonym pairs it mentions and its words' likely corrections. */
export interface SearchVocabulary {
  pairs: SynonymRecord[];
  corrections: WordCorrection[];
}

/**
 * Both lookups of `SearchVocabulary` in one statement, each as its repository writes it, ordered as
 * each repository orders them: one round trip instead of two (either lookup takes well under 0.1 ms in
 * Postgres; the round trip around it costs more). Its text is the same for every search (the words are
 * its two parameters), so it is a named prepared statement: Postgres parsed and planned it anew for each
 * search before, which cost more than running it.
 */
const vocabularyFor = preparedStatement<SearchVocabulary>(
  'catalog_search_vocabulary',
  `SELECT
     (SELECT coalesce(json_agg(json_build_object('term', s.term, 'alias', s.alias) ORDER BY s.term, s.alias), '[]'::json)
      FROM (${groupsMentionedSql('$1::text')}) s) AS pairs,
     (SELECT coalesce(json_agg(json_build_object('typed', c.typed, 'word', c.word) ORDER BY c.typed, c.closeness DESC, c.word), '[]'::json)
      FROM (${correctionsSql('$2::text[]')}) c) AS corrections`,
);

export class SearchVocabularyRepository {
  constructor(private readonly db: Knex) {}

  /** The synonym groups mentioned in `words` (normalized search words) and their corrections. */
  async forSearch(words: readonly string[]): Promise<SearchVocabulary> {
    if (words.length === 0) return { pairs: [], corrections: [] };
    const [row] = await vocabularyFor(this.db, [` ${words.join(' ')} `, correctableWords(words)]);
    return { pairs: row?.pairs ?? [], corrections: row?.corrections ?? [] };
  }
}
