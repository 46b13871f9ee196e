import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { DeliveryStateService } from '../app';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const TASK_CREATED_CONSUMER = 'tracking-fulfillment-task_created';

/**
 * `fulfillment.task_created`: the store's promised-ready time, the preparation left in an ETA before pickup.
 *
 * `idempotent`: no processed-events row per event. What the ledger would prevent, an event applied
 * twice, changes nothing: an order has one task, whose promise is written again with the same values
 * (a packed time already there is kept), and the couriers' mirrors are rebuilt from the committed rows
 * (an ETA is published only when it changed). The events that arrive together are applied in one
 * transaction of their own (orders locked, promises written, couriers mirrored): three round trips for
 * the batch instead of two per event inside the ledger's transaction.
 */
export function startTaskCreatedConsumer(deps: SubgraphDeps, deliveryState: DeliveryStateService): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: TASK_CREATED_CONSUMER,
    subject: SUBJECTS.fulfillmentTaskCreated,
    retryDelayMs: 200,
    idempotent: true,
    handleAll: (events) => deps.db.transaction((trx) => deliveryState.applyTasksCreated(trx, events.map((event) => event.data))),
  });
}
