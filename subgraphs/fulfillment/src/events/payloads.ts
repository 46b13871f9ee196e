/** A product and a number of its units, in an event. */
export interface EventItem {
  productId: string;
  quantity: number;
}

/**
 * `fulfillment.task_created`: the order is in its store's queue (orders → ASSIGNED_TO_STORE; delivery
 * and tracking plan around `promisedReadyAt`). `items` are the order's lines, one per product.
 */
export interface TaskCreatedEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  items: EventItem[];
  /** ISO 8601. */
  promisedReadyAt: string;
  /** ISO 8601. */
  createdAt: string;
}

/** `fulfillment.picking_started`: staff started picking (orders → PICKING). */
export interface PickingStartedEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  /** The staff member's (or admin's) user id. */
  actor: string;
  /** ISO 8601. */
  startedAt: string;
}

/**
 * `fulfillment.item_missing`: staff cannot supply `quantity` more units of a product; orders refunds
 * them. One event per report: `quantity` is this report's units, not a running total.
 */
export interface ItemMissingEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  productId: string;
  quantity: number;
  actor: string;
  /** ISO 8601. */
  at: string;
}

/**
 * `fulfillment.packed`: the bag is ready (orders → PACKED; availability consumes the reserved stock
 * of `items` and releases the rest; delivery dispatches). `items` is what is actually in the bag:
 * ordered minus missing, lines with nothing left omitted.
 */
export interface PackedEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  items: EventItem[];
  /** ISO 8601. */
  packedAt: string;
}

/**
 * `fulfillment.store_load`: a store's open (queued or picking) task count changed; published with the
 * new count on every change, in the order the changes committed. availability compares it with the
 * store's capacity when choosing a store.
 */
export interface StoreLoadEvent {
  storeId: string;
  openTasks: number;
  /** ISO 8601. */
  at: string;
}

/** The part of `orders.confirmed` fulfillment reads (orders publishes more). */
export interface OrderConfirmed {
  orderId: string;
  /** Who ordered; absent in events from before fulfillment read it. */
  customerId: string | null;
  storeId: string;
  items: EventItem[];
  confirmedAt: Date;
}

/** The part of `orders.status_changed` fulfillment reads. */
export interface OrderStatusChanged {
  orderId: string;
  to: string;
  at: Date;
}

/** Thrown for a payload that is not what the contract says: retried, then dead-lettered with this message. */
export class MalformedEvent extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '') throw new MalformedEvent(`${field} must be a non-empty string`);
  return value;
}

function time(data: Record<string, unknown>, field: string): Date {
  const at = new Date(text(data, field));
  if (Number.isNaN(at.getTime())) throw new MalformedEvent(`${field} must be an ISO 8601 time`);
  return at;
}

/** Reads `orders.confirmed`; throws MalformedEvent naming the first field that breaks the contract. */
export function parseOrderConfirmed(data: unknown): OrderConfirmed {
  if (!isObject(data)) throw new MalformedEvent('orders.confirmed payload must be an object');
  if (!Array.isArray(data.items) || data.items.length === 0) throw new MalformedEvent('items must be a non-empty array');
  const items = data.items.map((item, i) => {
    if (!isObject(item)) throw new MalformedEvent(`items.${i} must be an object`);
    const quantity = item.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity <= 0) throw new MalformedEvent(`items.${i}.quantity must be a whole number above zero`);
    return { productId: text(item, 'productId'), quantity };
  });
  const customerId = typeof data.customerId === 'string' && data.customerId !== '' ? data.customerId : null;
  return { orderId: text(data, 'orderId'), customerId, storeId: text(data, 'storeId'), items, confirmedAt: time(data, 'confirmedAt') };
}

/** Reads `orders.status_changed`; throws MalformedEvent naming the first field that breaks the contract. */
export function parseOrderStatusChanged(data: unknown): OrderStatusChanged {
  if (!isObject(data)) throw new MalformedEvent('orders.status_changed payload must be an object');
  return { orderId: text(data, 'orderId'), to: text(data, 'to'), at: time(data, 'at') };
}
