import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import { RETRY_DELAY_MS } from './after-commit';

/** Durable consumer name: one per deployment, shared by every availability replica. */
export const FULFILLMENT_STORE_LOAD_CONSUMER = 'availability-fulfillment-store-load';

/**
 * `fulfillment.store_load` → the store's open pick tasks, kept in `store_load` for choosing where a
 * reservation goes. A report older than the one kept is ignored, so out-of-order delivery is harmless.
 */
export const startFulfillmentStoreLoad = (deps: SubgraphDeps): Promise<RunningConsumer> =>
  startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: FULFILLMENT_STORE_LOAD_CONSUMER,
    subject: SUBJECTS.fulfillmentStoreLoad,
    retryDelayMs: RETRY_DELAY_MS,
    handle: async (event, trx) => {
      const report = event.data;
      await createRepositories(trx).storeLoad.record(report.storeId, report.openTasks, new Date(report.at));
    },
  });
