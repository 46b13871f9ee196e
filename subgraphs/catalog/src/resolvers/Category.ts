import type { CategoryResolvers } from '../__generated__/resolvers-types';

export const Category: CategoryResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.category.load(ref.id),
  productCount: (category, _args, ctx) => ctx.loaders.productCount.load(category.id),
};
