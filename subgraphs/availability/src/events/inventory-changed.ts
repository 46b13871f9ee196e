import { enqueueEvent, SUBJECTS, type EventEnvelope, type Knex } from '@qc/shared';
import type { InventoryChangeKind, InventoryChangeRecord } from '../data/types';

/**
 * Payload of `inventory.changed`: one stock line changed, and what it holds now. Consumers should use
 * the absolute numbers (`onHand`, `reserved`), not replay the deltas: events may arrive more than once.
 */
export interface InventoryChanged {
  storeId: string;
  productId: string;
  /** ADJUSTMENT (staff), RESERVE, RELEASE or CONSUME (packing). */
  kind: InventoryChangeKind;
  /** Change of units on hand. */
  delta: number;
  /** Change of units reserved. */
  reservedDelta: number;
  reason: string;
  onHand: number;
  reserved: number;
  /** onHand − reserved after the change. */
  available: number;
  /** The caller's subject (`orders` for reservations, the consumer or the sweeper for event-driven changes). */
  actor: string;
  /** The inventory history row (`adj_<event id>` or `inv_<event id>`). */
  adjustmentId: string;
  /** The reservation behind a RESERVE / RELEASE / CONSUME, else null. */
  reservationId: string | null;
  /** The reservation's order, else null. */
  orderId: string | null;
  changedAt: string;
}

/** Records `inventory.changed` in the outbox of `trx`, so it is published exactly when the change commits. */
export const enqueueInventoryChanged = (trx: Knex, eventId: string, data: InventoryChanged): Promise<EventEnvelope<InventoryChanged>> =>
  enqueueEvent(trx, SUBJECTS.inventoryChanged, data, eventId);

/** The event for a history row the reservations wrote (its id is `inv_<event id>`). */
export function changeEvent(change: InventoryChangeRecord, orderId: string | null): { eventId: string; data: InventoryChanged } {
  return {
    eventId: change.id.slice(change.id.indexOf('_') + 1),
    data: {
      storeId: change.storeId,
      productId: change.productId,
      kind: change.kind,
      delta: change.delta,
      reservedDelta: change.reservedDelta,
      reason: change.reason,
      onHand: change.onHandAfter,
      reserved: change.reservedAfter,
      available: change.onHandAfter - change.reservedAfter,
      actor: change.actor,
      adjustmentId: change.id,
      reservationId: change.reservationId,
      orderId,
      changedAt: change.at.toISOString(),
    },
  };
}
