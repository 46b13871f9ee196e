import type { ProductAvailabilityResolvers } from '../__generated__/resolvers-types';

export const ProductAvailability: ProductAvailabilityResolvers = {
  product: (availability) => ({ id: availability.productId }),
};
