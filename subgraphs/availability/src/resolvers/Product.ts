import type { ProductResolvers } from '../__generated__/resolvers-types';
import { assertLocation } from '../domain/location';

export const Product: ProductResolvers = {
  // Catalog decides whether the product exists; here any id is a product that may have stock.
  __resolveReference: (ref) => ({ id: ref.id }),
  stockLevels: (product, _args, ctx) => ctx.loaders.stockByProduct.load(product.id),
  availability: (product, { location }, ctx) => {
    assertLocation(location);
    return ctx.loaders.availability.load({ location, productId: product.id });
  },
};
