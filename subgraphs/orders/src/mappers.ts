/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { AddressRecord, CustomerRecord, OrderItemRecord, OrderRecord, StatusChangeRecord } from './data';

export type CustomerModel = CustomerRecord;
export type OrderModel = OrderRecord;
export type OrderItemModel = OrderItemRecord;
export type OrderStatusChangeModel = StatusChangeRecord;
export type AddressModel = AddressRecord;
