/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { CourierRecord, DispatchJobRecord, OfferRecord, StoredDeliveryRecord } from './data';

export type CourierModel = CourierRecord;
export type DeliveryModel = StoredDeliveryRecord;
export type DeliveryOfferModel = OfferRecord;
/** An escalation is an escalated dispatch job. */
export type DeliveryEscalationModel = DispatchJobRecord;
/** An order waiting for a courier is its dispatch job. */
export type CourierWaitModel = DispatchJobRecord;
/** Orders owns orders; delivery only knows the key. */
export interface OrderModel {
  id: string;
}
/** Availability owns stores; delivery only knows the key. */
export interface StoreModel {
  id: string;
}
