/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { PositionRecord } from './data';

/** Delivery owns couriers; tracking only needs the key to find the position. */
export interface CourierModel {
  id: string;
}
export type CourierPositionModel = PositionRecord;
