import type { Knex } from '@qc/shared';

/**
 * One column of a batch, bound as a single Postgres array for `unnest`. node-postgres serialises
 * nulls inside arrays fine; knex's binding types just do not admit arrays with nulls.
 */
export const arrayParam = (values: readonly unknown[]): Knex.Value => values as unknown as Knex.Value;
