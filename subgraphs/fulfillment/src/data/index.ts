import type { Knex } from '@qc/shared';
import { OrderCancellationRepository } from './order-cancellations';
import { PickTaskItemRepository } from './pick-task-items';
import { PickTaskRepository } from './pick-tasks';

export * from './types';
export { OrderCancellationRepository, PickTaskItemRepository, PickTaskRepository };

export interface Repositories {
  pickTasks: PickTaskRepository;
  pickTaskItems: PickTaskItemRepository;
  orderCancellations: OrderCancellationRepository;
}

/** Repositories over a knex or a transaction, so a use case can write several tables atomically. */
export const createRepositories = (db: Knex): Repositories => ({
  pickTasks: new PickTaskRepository(db),
  pickTaskItems: new PickTaskItemRepository(db),
  orderCancellations: new OrderCancellationRepository(db),
});
