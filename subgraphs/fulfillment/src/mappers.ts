/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { PickTaskItemRecord, PickTaskRecord } from './data';
import type { PickTaskResult } from './resolvers/PickTaskResult';

export type PickTaskModel = PickTaskRecord;
export type PickTaskItemModel = PickTaskItemRecord;
// Result types carry their __typename, so the unions resolve their member without guessing.
export type PickTaskUpdatedModel = Extract<PickTaskResult, { __typename: 'PickTaskUpdated' }>;
export type PickTaskStatusConflictModel = Extract<PickTaskResult, { __typename: 'PickTaskStatusConflict' }>;
export type MissingItemRejectedModel = Extract<PickTaskResult, { __typename: 'MissingItemRejected' }>;
export type NothingToPackModel = Extract<PickTaskResult, { __typename: 'NothingToPack' }>;
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
