import type { ProductResolvers } from '../__generated__/resolvers-types';

export const Product: ProductResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.product.load(ref.id),
  category: async (product, _args, ctx) => {
    const category = product.category ?? (await ctx.loaders.category.load(product.categoryId));
    // The foreign key makes a missing category impossible short of a broken database.
    if (!category) throw new Error(`product ${product.id} has no category ${product.categoryId}`);
    return category;
  },
  price: (product) => ({ amountCents: product.priceCents, currency: product.currency }),
};
