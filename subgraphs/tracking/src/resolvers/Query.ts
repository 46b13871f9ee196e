import type { QueryResolvers } from '../__generated__/resolvers-types';

/** Who may call each field is the policy's (`src/policy.ts`). */
export const Query: QueryResolvers = {
  courierPosition: (_parent, { courierId }, ctx) => ctx.loaders.position.load(courierId),
};
