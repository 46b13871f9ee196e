/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { PositionRecord } from './data';
import type { EtaRecord } from './domain/eta';
import type { ReportAck } from './app';

/** Delivery owns couriers; tracking only needs the key to find the position. */
export interface CourierModel {
  id: string;
}
export type CourierPositionModel = PositionRecord;

/** Orders owns orders; tracking only needs the key to find the ETA. */
export interface OrderModel {
  id: string;
}
export type EtaModel = EtaRecord;
export type LocationReportAckModel = ReportAck;
