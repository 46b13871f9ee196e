import type { Knex } from '@qc/shared';

/**
 * An array bound to one `?::type[]` parameter. knex's binding types leave out arrays with nulls,
 * yet pg sends a null element as SQL NULL, which is exactly what nullable columns need.
 */
export const arrayBinding = (values: readonly (string | number | Date | null)[]): Knex.Value => values as Knex.Value;
