import { z } from 'zod';
import { count, id, isoTime } from './common';

/** `fulfillment.task_created`: the order is in its store's queue (orders → ASSIGNED_TO_STORE). `items` are the order's lines. */
export const taskCreated = z.object({
  orderId: id,
  taskId: id,
  storeId: id,
  items: z.array(z.object({ productId: id, quantity: count(1) })),
  /** When the store promises the bag; delivery and tracking plan around it. */
  promisedReadyAt: isoTime,
  createdAt: isoTime,
});

/** `fulfillment.picking_started`: staff started picking (orders → PICKING). */
export const pickingStarted = z.object({
  orderId: id,
  taskId: id,
  storeId: id,
  /** The staff member's (or admin's) user id. */
  actor: id,
  startedAt: isoTime,
});

/**
 * `fulfillment.item_missing`: staff cannot supply `quantity` more units of a product; orders refunds
 * them. One event per report: `quantity` is this report's units, not a running total.
 */
export const itemMissing = z.object({
  orderId: id,
  taskId: id,
  storeId: id,
  productId: id,
  quantity: count(1),
  actor: id,
  at: isoTime,
});

/**
 * `fulfillment.packed`: the bag is ready (orders → PACKED; availability consumes the reserved stock of
 * `items` and releases the rest; delivery dispatches). `items` is what is in the bag: ordered minus
 * missing, lines with nothing left omitted; empty for a task that knew no lines.
 */
export const packed = z.object({
  orderId: id,
  taskId: id,
  storeId: id,
  items: z.array(z.object({ productId: id, quantity: count(0) })),
  packedAt: isoTime,
});

/**
 * `fulfillment.store_load`: a store's open (queued or picking) task count, published with the new
 * count on every change in commit order. availability weighs it against the store's capacity.
 */
export const storeLoad = z.object({
  storeId: id,
  openTasks: count(0),
  at: isoTime,
});
