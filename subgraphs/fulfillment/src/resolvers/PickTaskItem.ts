import type { PickTaskItemResolvers } from '../__generated__/resolvers-types';

export const PickTaskItem: PickTaskItemResolvers = {
  product: (item) => ({ id: item.productId }),
};
