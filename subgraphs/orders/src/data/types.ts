import type { OrderStatus } from '../domain/order-status';

export type { OrderStatus };

/** A person who orders; `id` is also the `sub` of their customer token. */
export interface CustomerRecord {
  id: string;
  name: string;
  email: string;
}

/** Where an order is delivered. */
export interface AddressRecord {
  line1: string;
  city: string;
  postalCode: string;
  lat: number;
  lng: number;
}

/** One line of an order, at the price it was sold at. */
export interface OrderItemRecord {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  currency: string;
}

/** An order item as stored: numbered from 1 within its order. */
export interface OrderLineRecord extends OrderItemRecord {
  orderId: string;
  line: number;
}

/** One transition in an order's history; `from` is null for the order's first status. */
export interface StatusChangeRecord {
  from: OrderStatus | null;
  to: OrderStatus;
  actor: string;
  reason: string | null;
  at: Date;
}

/** A status change as stored, with the order it belongs to. */
export interface OrderStatusChangeRecord extends StatusChangeRecord {
  orderId: string;
}

/**
 * An order without its items and history. `storeId` is null until a store is assigned, `courierId`
 * until a courier accepts the delivery.
 */
export interface OrderRecord {
  id: string;
  customerId: string;
  storeId: string | null;
  courierId: string | null;
  status: OrderStatus;
  currency: string;
  totalCents: number;
  address: AddressRecord;
  placedAt: Date;
  updatedAt: Date;
}

/** An order with everything written alongside it in one transaction. */
export interface NewOrderRecord extends OrderRecord {
  items: OrderItemRecord[];
  history: StatusChangeRecord[];
}
