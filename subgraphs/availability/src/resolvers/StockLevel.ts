import type { StockLevelResolvers } from '../__generated__/resolvers-types';
import { availableUnits } from '../domain/stock';

export const StockLevel: StockLevelResolvers = {
  store: async (stock, _args, ctx) => {
    const store = await ctx.loaders.store.load(stock.storeId);
    // The foreign key makes a missing store impossible short of a broken database.
    if (!store) throw new Error(`stock of ${stock.productId} points at missing store ${stock.storeId}`);
    return store;
  },
  available: (stock) => availableUnits(stock),
};
