import type { Knex } from '@qc/shared';
import type { CustomerRecord } from './types';

const COLUMNS = ['id', 'name', 'email'];

/** Customers in Postgres; rows already match `CustomerRecord`. */
export class CustomerRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<CustomerRecord[]> {
    return this.db<CustomerRecord>('customers').select<CustomerRecord[]>(COLUMNS).whereIn('id', ids);
  }

  /** Upserts by id (name and email follow the latest call); the seed and tests load data through this. */
  async upsertMany(records: readonly CustomerRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db('customers')
      .insert(records.map(({ id, name, email }) => ({ id, name, email })))
      .onConflict('id')
      .merge(['name', 'email']);
  }
}
