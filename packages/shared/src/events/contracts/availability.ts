import { z } from 'zod';
import { count, id, isoTime } from './common';

/**
 * `inventory.changed`: one stock line changed, and what it holds now. Consumers use the absolute
 * numbers (`onHand`, `reserved`), not the deltas: events may arrive more than once.
 */
export const inventoryChanged = z.object({
  storeId: id,
  productId: id,
  /** ADJUSTMENT (staff), RESERVE, RELEASE or CONSUME (packing). */
  kind: z.enum(['ADJUSTMENT', 'RESERVE', 'RELEASE', 'CONSUME']),
  /** Change of units on hand. */
  delta: z.number().int(),
  /** Change of units reserved. */
  reservedDelta: z.number().int(),
  reason: z.string(),
  onHand: count(0),
  reserved: count(0),
  /** onHand − reserved after the change. */
  available: z.number().int(),
  /** The caller's subject (`orders` for reservations, the consumer or the sweeper for event-driven changes). */
  actor: z.string(),
  /** The inventory history row (`adj_<event id>` or `inv_<event id>`). */
  adjustmentId: id,
  /** The reservation behind a RESERVE / RELEASE / CONSUME, else null. */
  reservationId: id.nullable(),
  /** The reservation's order, else null. */
  orderId: id.nullable(),
  changedAt: isoTime,
});
