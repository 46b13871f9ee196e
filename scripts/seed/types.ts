/**
 * The records the seed hands to each subgraph's repositories: the subgraphs' own "Seed API" types.
 * Type-only imports, so the generator stays a pure module that loads no subgraph code at run time.
 */
export type { CategoryRecord, ProductRecord } from '../../subgraphs/catalog/src/data/types';
export type { OpeningHoursRecord, StoreRecord, StockRecord } from '../../subgraphs/availability/src/data/types';
export type {
  AddressRecord,
  CustomerRecord,
  NewOrderRecord,
  OrderItemRecord,
  OrderRecord,
  OrderStatus,
  StatusChangeRecord,
} from '../../subgraphs/orders/src/data/types';
export type { PickTaskRecord, PickTaskStatus } from '../../subgraphs/fulfillment/src/data/types';
export type { CourierRecord, CourierStatus, DeliveryRecord, DeliveryStatus, NewOfferRecord, VehicleType } from '../../subgraphs/delivery/src/data/types';
export type { PositionRecord } from '../../subgraphs/tracking/src/data/types';
export type { AssignedDelivery } from '../../subgraphs/tracking/src/data/deliveries';
