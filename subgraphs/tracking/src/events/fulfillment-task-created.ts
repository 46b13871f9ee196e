import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { DeliveryStateService } from '../app';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const TASK_CREATED_CONSUMER = 'tracking-fulfillment-task_created';

/** `fulfillment.task_created`: the store's promised-ready time, the preparation left in an ETA before pickup. */
export function startTaskCreatedConsumer(deps: SubgraphDeps, deliveryState: DeliveryStateService): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: TASK_CREATED_CONSUMER,
    subject: SUBJECTS.fulfillmentTaskCreated,
    retryDelayMs: 200,
    handle: (event, trx) => deliveryState.applyTaskCreated(trx, event.data),
  });
}
