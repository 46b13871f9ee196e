/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { CourierRecord, StoredDeliveryRecord } from './data';

export type CourierModel = CourierRecord;
export type DeliveryModel = StoredDeliveryRecord;
/** Orders owns orders; delivery only knows the key. */
export interface OrderModel {
  id: string;
}
/** Availability owns stores; delivery only knows the key. */
export interface StoreModel {
  id: string;
}
