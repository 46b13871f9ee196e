import type { AdjustStockResultResolvers, StockAdjustmentRefusedResolvers } from '../__generated__/resolvers-types';
import type { StockAdjustmentOutcome } from '../domain/stock-adjustment';

const TYPENAMES = {
  adjusted: 'StockAdjusted',
  insufficient: 'InsufficientStock',
  'not-stocked': 'ProductNotStocked',
  'store-not-found': 'StoreNotFound',
} as const satisfies Record<StockAdjustmentOutcome['kind'], string>;

export const AdjustStockResult: AdjustStockResultResolvers = {
  __resolveType: (outcome) => TYPENAMES[outcome.kind],
};

export const StockAdjustmentRefused: StockAdjustmentRefusedResolvers = {
  __resolveType: (outcome) => TYPENAMES[outcome.kind],
};
