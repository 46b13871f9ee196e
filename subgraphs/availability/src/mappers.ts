/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { StockRecord, StoreRecord } from './data';

export type StoreModel = StoreRecord;
export type StockLevelModel = StockRecord;
/** Catalog owns Product; availability only ever holds its key. */
export interface ProductModel {
  id: string;
}
