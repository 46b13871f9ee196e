import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  adjustStock: (_parent, { input }, ctx) => ctx.services.inventory.adjustStock(ctx.identity, input),
};
