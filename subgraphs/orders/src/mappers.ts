/** GraphQL type → data-layer type, picked up by the root codegen.ts (`XModel` maps type `X`). */
import type { AddressRecord, CustomerRecord, OrderItemRecord, OrderRecord, StatusChangeRecord } from './data';
import type { InputProblem } from './domain/place-order';
import type { ShortItem } from './domain/placement-outcome';

export type CustomerModel = CustomerRecord;
export type OrderModel = OrderRecord;
export type OrderItemModel = OrderItemRecord;
export type OrderStatusChangeModel = StatusChangeRecord;
export type AddressModel = AddressRecord;

// Result types carry their __typename, so the unions resolve their member without guessing.
export type OrderPlacedModel = { __typename: 'OrderPlaced'; order: OrderRecord };
export type OutOfStockModel = { __typename: 'OutOfStock'; order: OrderRecord; items: ShortItem[] };
export type UnavailableItemModel = ShortItem;
export type PaymentDeclinedModel = { __typename: 'PaymentDeclined'; order: OrderRecord; reason: string };
export type NotDeliverableModel = { __typename: 'NotDeliverable'; reason: string };
export type InvalidOrderInputModel = { __typename: 'InvalidOrderInput'; message: string; problems: InputProblem[] };
export type OrderCancelledModel = { __typename: 'OrderCancelled'; order: OrderRecord; refunded: boolean };
