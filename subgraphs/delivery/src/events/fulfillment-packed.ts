import { afterCommit, SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import type { Dispatch } from '../app/dispatch';

export const PACKED_CONSUMER = 'delivery-fulfillment-packed';

/** `fulfillment.packed` → the bag is ready: offer now if not offered yet, and allow the pickup. */
export function startPackedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: PACKED_CONSUMER,
    subject: SUBJECTS.fulfillmentPacked,
    handle: async (event, trx) => {
      const data = event.data;
      const store = dispatch.knownStoreLocation(data.storeId);
      if (await createRepositories(trx).dispatchJobs.recordPacked(data.orderId, data.storeId, new Date(data.packedAt), store)) afterCommit(trx, () => dispatch.wake());
    },
  });
}
