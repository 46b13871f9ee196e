import type { PickTaskResolvers } from '../__generated__/resolvers-types';
import { isLate } from '../domain/sla';

export const PickTask: PickTaskResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.pickTask.load(ref.id),
  order: (task) => ({ id: task.orderId }),
  store: (task) => ({ id: task.storeId }),
  isLate: (task) => isLate(task, new Date()),
};
