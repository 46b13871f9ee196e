/**
 * The parts of other subgraphs' events availability reads (their publishers own the full types). Each
 * parser throws {@link MalformedEvent} naming the first field that breaks the contract, so the consumer
 * retries it a bounded number of times and then dead-letters it with that reason.
 */

/** A payload that is not what the contract says. */
export class MalformedEvent extends Error {}

/** `orders.confirmed`, as far as availability cares: the order's reservation stops expiring. */
export interface OrderConfirmed {
  orderId: string;
}

/** `orders.status_changed`, as far as availability cares. */
export interface OrderStatusChanged {
  orderId: string;
  to: string;
  actor: string | null;
  reason: string | null;
}

/** `fulfillment.packed`: what is actually in the bag. */
export interface OrderPacked {
  orderId: string;
  storeId: string;
  items: { productId: string; quantity: number }[];
}

/** `fulfillment.store_load`: a store's open pick tasks as of `at`. */
export interface StoreLoadReport {
  storeId: string;
  openTasks: number;
  at: Date;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(data: unknown, what: string): Record<string, unknown> {
  if (!isObject(data)) throw new MalformedEvent(`${what} payload must be an object`);
  return data;
}

function text(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (typeof value !== 'string' || value === '') throw new MalformedEvent(`${field} must be a non-empty string`);
  return value;
}

const optionalText = (data: Record<string, unknown>, field: string): string | null =>
  typeof data[field] === 'string' && data[field] !== '' ? (data[field] as string) : null;

function count(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new MalformedEvent(`${field} must be a whole number ≥ ${min}`);
  return value;
}

export const parseOrderConfirmed = (data: unknown): OrderConfirmed => ({ orderId: text(object(data, 'orders.confirmed'), 'orderId') });

export function parseOrderStatusChanged(data: unknown): OrderStatusChanged {
  const event = object(data, 'orders.status_changed');
  return { orderId: text(event, 'orderId'), to: text(event, 'to'), actor: optionalText(event, 'actor'), reason: optionalText(event, 'reason') };
}

/** An empty `items` is valid: fulfillment packs what it knows, and a task seeded without lines knows nothing. */
export function parseOrderPacked(data: unknown): OrderPacked {
  const event = object(data, 'fulfillment.packed');
  if (!Array.isArray(event.items)) throw new MalformedEvent('items must be an array');
  const items = event.items.map((item, i) => {
    if (!isObject(item)) throw new MalformedEvent(`items.${i} must be an object`);
    return { productId: text(item, 'productId'), quantity: count(item.quantity, `items.${i}.quantity`, 0) };
  });
  return { orderId: text(event, 'orderId'), storeId: text(event, 'storeId'), items };
}

export function parseStoreLoad(data: unknown): StoreLoadReport {
  const event = object(data, 'fulfillment.store_load');
  const at = new Date(text(event, 'at'));
  if (Number.isNaN(at.getTime())) throw new MalformedEvent('at must be an ISO 8601 time');
  return { storeId: text(event, 'storeId'), openTasks: count(event.openTasks, 'openTasks', 0), at };
}
