import type { Knex } from '@qc/shared';
import type { SynonymRecord } from './types';

/**
 * The SQL of `groupsMentionedIn`, unordered, with `padded` (the placeholder of ' words ': normalized
 * search text with a space each side) where the text goes: `SearchVocabularyRepository` runs the same
 * text inside its prepared statement.
 */
export const groupsMentionedSql = (padded: string): string =>
  `SELECT term, alias FROM synonyms WHERE term IN (
     SELECT term FROM synonyms WHERE strpos(${padded}, ' ' || term || ' ') > 0 OR strpos(${padded}, ' ' || alias || ' ') > 0)`;

/** Synonym pairs in Postgres, stored normalized (lower case, words of letters and digits, single spaces). */
export class SynonymRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Every pair of each synonym group (the pairs sharing a term) where some phrase of the group occurs
   * as whole words in `words` (normalized search text). The table is small: a scan beats an index here.
   */
  async groupsMentionedIn(words: string): Promise<SynonymRecord[]> {
    if (words === '') return [];
    const padded = ` ${words} `;
    const result = await this.db.raw<{ rows: SynonymRecord[] }>(`${groupsMentionedSql('?')} ORDER BY term, alias`, [padded, padded]);
    return result.rows;
  }

  /** Adds pairs; a pair that exists already is left alone. */
  async insertMany(records: readonly SynonymRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db('synonyms').insert(records.map(({ term, alias }) => ({ term, alias }))).onConflict(['term', 'alias']).ignore();
  }
}
