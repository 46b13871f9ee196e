/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { InventoryAdjustmentRecord, StockRecord, StoreRecord } from './data';
import type { ProductAvailabilityRecord, StoreShare } from './domain/availability';
import type { StoreAtDistance } from './domain/coverage';
import type { ReserveOutcome } from './domain/reservation';
import type { StockAdjustmentOutcome } from './domain/stock-adjustment';

type Reserve<K extends ReserveOutcome['kind']> = Extract<ReserveOutcome, { kind: K }>;
type Outcome<K extends StockAdjustmentOutcome['kind']> = Extract<StockAdjustmentOutcome, { kind: K }>;

export type StoreModel = StoreRecord;
export type StockLevelModel = StockRecord;
/** Catalog owns Product; availability only ever holds its key. */
export interface ProductModel {
  id: string;
}
export type ProductAvailabilityModel = ProductAvailabilityRecord;
export type StoreAvailabilityModel = StoreShare;
export type NearbyStoreModel = StoreAtDistance;
export type InventoryAdjustmentModel = InventoryAdjustmentRecord;
export type StockAdjustedModel = Outcome<'adjusted'>;
export type InsufficientStockModel = Outcome<'insufficient'>;
export type ProductNotStockedModel = Outcome<'not-stocked'>;
export type StoreNotFoundModel = Outcome<'store-not-found'>;
export type StockReservedModel = Reserve<'reserved'>;
export type ReservationOutOfStockModel = Reserve<'out-of-stock'>;
export type ReservationNotDeliverableModel = Reserve<'not-deliverable'>;
