import { enqueueEvent, enqueueEvents, SUBJECTS, type EventEnvelope, type EventPayload, type Knex } from '@qc/shared';
import type { InventoryChangeRecord } from '../data/types';

/**
 * Payload of `inventory.changed` (its contract is availability's, in shared's event catalogue). Consumers
 * should use the absolute numbers (`onHand`, `reserved`), not replay the deltas: events may arrive more
 * than once.
 */
export type InventoryChanged = EventPayload<typeof SUBJECTS.inventoryChanged>;

/** Records `inventory.changed` in the outbox of `trx`, so it is published exactly when the change commits. */
export const enqueueInventoryChanged = (trx: Knex, eventId: string, data: InventoryChanged): Promise<EventEnvelope<InventoryChanged>> =>
  enqueueEvent(trx, SUBJECTS.inventoryChanged, data, eventId);

/** The `inventory.changed` events of one change of many rows (a reservation, a release, a packing), in one INSERT (see `enqueueEvents` for `endsTransaction`). */
export const enqueueInventoryChanges = async (
  trx: Knex,
  events: readonly { eventId: string; data: InventoryChanged }[],
  opts: { endsTransaction?: boolean } = {},
): Promise<void> => {
  await enqueueEvents(
    trx,
    events.map(({ eventId, data }) => ({ subject: SUBJECTS.inventoryChanged, data, id: eventId })),
    opts,
  );
};

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
