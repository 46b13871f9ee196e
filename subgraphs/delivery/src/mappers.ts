/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { CourierRecord, DispatchJobRecord, OfferRecord, StoredDeliveryRecord } from './data';
import type { CourierResult } from './resolvers/CourierResult';

export type CourierModel = CourierRecord;
export type DeliveryModel = StoredDeliveryRecord;
export type DeliveryOfferModel = OfferRecord;
// Result types carry their __typename, so the unions resolve their member without guessing.
export type CourierStatusChangedModel = Extract<CourierResult, { __typename: 'CourierStatusChanged' }>;
export type CourierStatusConflictModel = Extract<CourierResult, { __typename: 'CourierStatusConflict' }>;
export type OfferAcceptedModel = Extract<CourierResult, { __typename: 'OfferAccepted' }>;
export type OfferDeclinedModel = Extract<CourierResult, { __typename: 'OfferDeclined' }>;
export type OfferUnavailableModel = Extract<CourierResult, { __typename: 'OfferUnavailable' }>;
export type DeliveryUpdatedModel = Extract<CourierResult, { __typename: 'DeliveryUpdated' }>;
export type DeliveryStepConflictModel = Extract<CourierResult, { __typename: 'DeliveryStepConflict' }>;
export type InvalidProofOfDeliveryModel = Extract<CourierResult, { __typename: 'InvalidProofOfDelivery' }>;
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
