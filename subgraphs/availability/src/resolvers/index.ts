import { DateTimeScalar } from '@qc/shared';
import type { Resolvers } from '../__generated__/resolvers-types';
import { AdjustStockResult, StockAdjustmentRefused } from './AdjustStockResult';
import { Mutation } from './Mutation';
import { NearbyStore } from './NearbyStore';
import { Product } from './Product';
import { ProductAvailability } from './ProductAvailability';
import { Query } from './Query';
import { ReserveStockResult } from './ReserveStockResult';
import { StockAdjusted } from './StockAdjusted';
import { StockLevel } from './StockLevel';
import { Store } from './Store';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Store,
  StockLevel,
  Product,
  ProductAvailability,
  NearbyStore,
  StockAdjusted,
  AdjustStockResult,
  StockAdjustmentRefused,
  ReserveStockResult,
};
