import type { Resolvers } from '../__generated__/resolvers-types';
import { Product } from './Product';
import { Query } from './Query';
import { StockLevel } from './StockLevel';
import { Store } from './Store';

export const resolvers: Resolvers = { Query, Store, StockLevel, Product };
