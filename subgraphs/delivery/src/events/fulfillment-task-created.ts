import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import type { Dispatch } from '../app/dispatch';

export const TASK_CREATED_CONSUMER = 'delivery-fulfillment-task_created';

/**
 * `fulfillment.task_created` → the store's promise of when the bag is ready, which lets dispatch offer
 * the order before it is packed (the readiness rule).
 *
 * `idempotent`, as `orders.confirmed`'s consumer and for the same reasons: no transaction and no
 * processed-events row (one statement for the events that arrive together instead of a transaction
 * with the ledger's INSERT and one upsert per event). The event applied twice leaves the job as once:
 * the upsert writes the event's own values (the promise; the store that picks, which is the task's and
 * never changes, its location only filling a gap) and never touches the status, the offers or the
 * attempts. All a repeat does is ask for a look now, which decides the same as the look it replaces.
 */
export function startTaskCreatedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  const { dispatchJobs } = createRepositories(deps.db);
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: TASK_CREATED_CONSUMER,
    subject: SUBJECTS.fulfillmentTaskCreated,
    idempotent: true,
    handleAll: async (events) => {
      const due = await dispatchJobs.recordTasksCreated(
        events.map(({ data }) => ({
          orderId: data.orderId,
          storeId: data.storeId,
          promisedReadyAt: new Date(data.promisedReadyAt),
          storeLocation: dispatch.knownStoreLocation(data.storeId),
        })),
      );
      if (due) dispatch.wake();
    },
  });
}
