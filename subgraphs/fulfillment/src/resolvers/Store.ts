import type { StoreResolvers } from '../__generated__/resolvers-types';
import { enforce, storeWorkAccess } from '../domain/access';

export const Store: StoreResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  queue: (store, { status }, ctx) => {
    enforce(storeWorkAccess(ctx.identity, store.id));
    return ctx.repos.pickTasks.queue(store.id, status ?? null);
  },
  openTaskCount: (store, _args, ctx) => ctx.loaders.openTaskCount.load(store.id),
};
