/**
 * What orders reads of fulfillment's and delivery's events (their publishers own the full payload
 * types). Every one names its order; item_missing also the product and how many are missing.
 */
export interface OrderRefEvent {
  orderId: string;
}

export interface CourierAssignedEvent extends OrderRefEvent {
  courierId: string;
}

export interface ItemMissingEvent {
  orderId: string;
  taskId: string;
  storeId: string;
  productId: string;
  quantity: number;
  actor: string;
  at: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Throws (so the event is retried, then dead-lettered) unless the payload names an order. */
export function parseOrderRef(data: unknown): OrderRefEvent {
  if (!isObject(data) || typeof data.orderId !== 'string' || data.orderId === '') throw new Error('event payload has no orderId');
  return { orderId: data.orderId };
}

/** `delivery.assigned`, as orders reads it: the order and the courier who accepted it. */
export function parseCourierAssigned(data: unknown): CourierAssignedEvent {
  const { orderId } = parseOrderRef(data);
  const { courierId } = data as Record<string, unknown>;
  if (typeof courierId !== 'string' || courierId === '') throw new Error('delivery.assigned payload has no courierId');
  return { orderId, courierId };
}

export function parseItemMissing(data: unknown): ItemMissingEvent {
  const { orderId } = parseOrderRef(data);
  const d = data as Record<string, unknown>;
  if (typeof d.productId !== 'string' || !Number.isInteger(d.quantity) || (d.quantity as number) <= 0) {
    throw new Error('fulfillment.item_missing payload needs productId and a positive integer quantity');
  }
  return {
    orderId,
    taskId: String(d.taskId ?? ''),
    storeId: String(d.storeId ?? ''),
    productId: d.productId,
    quantity: d.quantity as number,
    actor: String(d.actor ?? ''),
    at: String(d.at ?? ''),
  };
}
