import type { UnavailableItemResolvers } from '../__generated__/resolvers-types';

export const UnavailableItem: UnavailableItemResolvers = {
  product: (item) => ({ id: item.productId }),
};
