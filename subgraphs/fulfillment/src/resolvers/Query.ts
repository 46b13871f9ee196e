import type { QueryResolvers } from '../__generated__/resolvers-types';
import { storeQueuePage } from './PickTaskConnection';

/** Who may call each field, and see each task, is the policy's (`src/policy.ts`). */
export const Query: QueryResolvers = {
  pickTask: (_parent, { id }, ctx) => ctx.loaders.pickTask.load(id),
  storeQueue: (_parent, { storeId, ...args }, ctx) => storeQueuePage(ctx, storeId, args),
};
