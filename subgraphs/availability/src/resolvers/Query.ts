import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  store: (_parent, { id }, ctx) => ctx.loaders.store.load(id),
  stores: (_parent, _args, ctx) => ctx.repos.stores.all(),
};
