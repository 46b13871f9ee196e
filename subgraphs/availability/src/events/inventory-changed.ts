import { enqueueEvent, SUBJECTS, type EventEnvelope, type Knex } from '@qc/shared';

/**
 * Payload of `inventory.changed`: one stock line changed, and what it holds now. Consumers should use
 * the absolute numbers (`onHand`, `reserved`), not replay `delta`: events may arrive more than once.
 */
export interface InventoryChanged {
  storeId: string;
  productId: string;
  delta: number;
  reason: string;
  onHand: number;
  reserved: number;
  /** onHand − reserved after the change. */
  available: number;
  /** The caller's subject. */
  actor: string;
  /** The inventory history row (`adj_<event id>`). */
  adjustmentId: string;
  changedAt: string;
}

/** Records `inventory.changed` in the outbox of `trx`, so it is published exactly when the change commits. */
export const enqueueInventoryChanged = (trx: Knex, eventId: string, data: InventoryChanged): Promise<EventEnvelope<InventoryChanged>> =>
  enqueueEvent(trx, SUBJECTS.inventoryChanged, data, eventId);
