import type { Knex } from '@qc/shared';
import type { CategoryRecord } from './types';

const COLUMNS = ['id', 'name', 'slug'];

/** Categories in Postgres; rows already match `CategoryRecord`. */
export class CategoryRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<CategoryRecord[]> {
    return this.db<CategoryRecord>('categories').select<CategoryRecord[]>(COLUMNS).whereIn('id', ids);
  }

  async all(): Promise<CategoryRecord[]> {
    return this.db<CategoryRecord>('categories').select<CategoryRecord[]>(COLUMNS).orderBy('name');
  }

  async upsertMany(records: readonly CategoryRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db('categories').insert(records).onConflict('id').merge();
  }
}
