import type { Knex } from '@qc/shared';
import type { SynonymRecord } from './types';

/** Synonym pairs in Postgres, stored normalized (lower case, words of letters and digits, single spaces). */
export class SynonymRepository {
  constructor(private readonly db: Knex) {}

  /**
   * Every pair of each synonym group (the pairs sharing a term) where some phrase of the group occurs
   * as whole words in `words` (normalized search text). The table is small: a scan beats an index here.
   */
  async groupsMentionedIn(words: string): Promise<SynonymRecord[]> {
    const query = this.groupsQuery(words);
    return query ? query.orderBy(['term', 'alias']) : [];
  }

  /** The query of `groupsMentionedIn` (unordered), or null when there is nothing to look for. */
  groupsQuery(words: string): Knex.QueryBuilder<SynonymRecord, SynonymRecord[]> | null {
    if (words === '') return null;
    const padded = ` ${words} `;
    const mentioned = this.db('synonyms')
      .select('term')
      .whereRaw(`strpos(?, ' ' || term || ' ') > 0 OR strpos(?, ' ' || alias || ' ') > 0`, [padded, padded]);
    return this.db('synonyms').select<SynonymRecord[]>('term', 'alias').whereIn('term', mentioned);
  }

  /** Adds pairs; a pair that exists already is left alone. */
  async insertMany(records: readonly SynonymRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db('synonyms').insert(records.map(({ term, alias }) => ({ term, alias }))).onConflict(['term', 'alias']).ignore();
  }
}
