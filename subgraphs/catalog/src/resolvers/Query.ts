import type { QueryResolvers } from '../__generated__/resolvers-types';
import { findProducts } from '../app/products';

export const Query: QueryResolvers = {
  product: (_parent, { id }, ctx) => ctx.loaders.product.load(id),

  products: (_parent, args, ctx) => findProducts(ctx.repos, args),

  categories: (_parent, _args, ctx) => ctx.repos.categories.all(),
};
