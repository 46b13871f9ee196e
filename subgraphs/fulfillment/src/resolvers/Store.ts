import type { StoreResolvers } from '../__generated__/resolvers-types';

export const Store: StoreResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  queue: (store, { status }, ctx) => ctx.repos.pickTasks.queue(store.id, status ?? null),
  openTaskCount: (store, _args, ctx) => ctx.loaders.openTaskCount.load(store.id),
};
