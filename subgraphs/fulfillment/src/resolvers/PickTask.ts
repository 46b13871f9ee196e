import type { PickTaskResolvers } from '../__generated__/resolvers-types';
import { dueInMinutes, isLate, minutesLate } from '../domain/sla';

export const PickTask: PickTaskResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.pickTask.load(ref.id),
  order: (task) => ({ id: task.orderId }),
  store: (task) => ({ id: task.storeId }),
  isLate: (task) => isLate(task, new Date()),
  minutesLate: (task) => minutesLate(task, new Date()),
  dueInMinutes: (task) => dueInMinutes(task, new Date()),
  items: (task, _args, ctx) => ctx.loaders.pickTaskItems.load(task.id),
};
