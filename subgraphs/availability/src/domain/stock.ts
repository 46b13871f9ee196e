import type { StockRecord } from '../data/types';

/** What can still be sold: units on the shelf not yet held for an order. */
export const availableUnits = (stock: Pick<StockRecord, 'onHand' | 'reserved'>): number => stock.onHand - stock.reserved;
