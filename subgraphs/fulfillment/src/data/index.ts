import type { Knex } from '@qc/shared';
import { PickTaskRepository } from './pick-tasks';

export * from './types';
export { PickTaskRepository };

export interface Repositories {
  pickTasks: PickTaskRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  pickTasks: new PickTaskRepository(db),
});
