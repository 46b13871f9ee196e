/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { PickTaskRecord } from './data';

export type PickTaskModel = PickTaskRecord;
/** Availability owns stores; fulfillment only knows the key. */
export interface StoreModel {
  id: string;
}
/** Orders owns orders; fulfillment only knows the key. */
export interface OrderModel {
  id: string;
}
