import { preparedStatement, type Knex } from '@qc/shared';
import type { CustomerRecord } from './types';

const COLUMNS = ['id', 'name', 'email'];

/** Every placement asks whether its customer exists (the loader's batch): one fixed text whatever the number of ids. */
const findByIdsStatement = preparedStatement<CustomerRecord>('orders_customers_by_ids', `SELECT ${COLUMNS.join(', ')} FROM customers WHERE id = ANY($1::text[])`);

/** Customers in Postgres; rows already match `CustomerRecord`. */
export class CustomerRepository {
  constructor(private readonly db: Knex) {}

  async findByIds(ids: readonly string[]): Promise<CustomerRecord[]> {
    return findByIdsStatement(this.db, [[...ids]]);
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
