import { afterCommit, SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import type { Dispatch } from '../app/dispatch';

export const TASK_CREATED_CONSUMER = 'delivery-fulfillment-task_created';

/**
 * `fulfillment.task_created` → the store's promise of when the bag is ready, which lets dispatch offer
 * the order before it is packed (the readiness rule).
 */
export function startTaskCreatedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: TASK_CREATED_CONSUMER,
    subject: SUBJECTS.fulfillmentTaskCreated,
    handle: async (event, trx) => {
      const data = event.data;
      const store = dispatch.knownStoreLocation(data.storeId);
      if (await createRepositories(trx).dispatchJobs.recordTaskCreated(data.orderId, data.storeId, new Date(data.promisedReadyAt), store)) afterCommit(trx, () => dispatch.wake());
    },
  });
}
