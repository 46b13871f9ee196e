import { decodeCursor, pageArgs, toConnection } from '@qc/shared';
import type { QueryResolvers } from '../__generated__/resolvers-types';
import { isProductPageKey, productPageKey } from '../domain/product-page';

export const Query: QueryResolvers = {
  product: (_parent, { id }, ctx) => ctx.loaders.product.load(id),

  products: async (_parent, args, ctx) => {
    const { first, after } = pageArgs(args.first, args.after);
    const { rows, totalCount } = await ctx.repos.products.page({
      first,
      after: after ? decodeCursor(after, isProductPageKey) : null,
      categoryId: args.categoryId,
    });
    return toConnection(rows, first, totalCount, productPageKey);
  },

  categories: (_parent, _args, ctx) => ctx.repos.categories.all(),
};
