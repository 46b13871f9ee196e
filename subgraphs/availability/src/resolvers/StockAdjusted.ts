import type { StockAdjustedResolvers } from '../__generated__/resolvers-types';

export const StockAdjusted: StockAdjustedResolvers = {
  stockLevel: (adjusted) => adjusted.stock,
};
