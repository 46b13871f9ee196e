import type { QueryResolvers } from '../__generated__/resolvers-types';
import { enforce, storeWorkAccess } from '../domain/access';
import { storeQueuePage } from './PickTaskConnection';

export const Query: QueryResolvers = {
  pickTask: async (_parent, { id }, ctx) => {
    // Anonymous callers learn nothing, not even whether the id exists.
    if (!ctx.identity) enforce('UNAUTHENTICATED');
    const task = await ctx.loaders.pickTask.load(id);
    if (!task) return null;
    enforce(storeWorkAccess(ctx.identity, task.storeId));
    return task;
  },

  storeQueue: (_parent, { storeId, ...args }, ctx) => {
    enforce(storeWorkAccess(ctx.identity, storeId));
    return storeQueuePage(ctx, storeId, args);
  },
};
