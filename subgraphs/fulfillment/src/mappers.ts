/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { PickTaskItemRecord, PickTaskRecord } from './data';

export type PickTaskModel = PickTaskRecord;
export type PickTaskItemModel = PickTaskItemRecord;
/** Availability owns stores; fulfillment only knows the key. */
export interface StoreModel {
  id: string;
}
/** Orders owns orders; fulfillment only knows the key. */
export interface OrderModel {
  id: string;
}
/** Catalog owns products; fulfillment only knows the key. */
export interface ProductModel {
  id: string;
}
