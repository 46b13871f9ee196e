import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  product: (_parent, { id }, ctx) => ctx.loaders.product.load(id),

  products: (_parent, args, ctx) => ctx.useCases.products.find(args),

  categories: (_parent, _args, ctx) => ctx.repos.categories.all(),
};
