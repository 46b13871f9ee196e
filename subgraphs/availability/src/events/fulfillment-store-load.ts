import { SUBJECTS, startConsumer, type EventEnvelope, type EventPayload, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import { GATHER_MS, RETRY_DELAY_MS } from './after-commit';

/** Durable consumer name: one per deployment, shared by every availability replica. */
export const FULFILLMENT_STORE_LOAD_CONSUMER = 'availability-fulfillment-store-load';

/**
 * `fulfillment.store_load` → the store's open pick tasks, kept in `store_load` for choosing where a
 * reservation goes. A report older than the one kept is ignored, so out-of-order delivery is harmless.
 *
 * `idempotent`: no transaction and no processed-events row per event (one statement instead of four,
 * once per placed order). What the ledger would prevent, a report applied twice, leaves the same row:
 * the kept report is the newest one seen whatever the order or number of deliveries. Reports that arrive
 * together are written in one statement (`recordMany`, the newest per store).
 */
const reportOf = ({ data }: EventEnvelope<EventPayload<typeof SUBJECTS.fulfillmentStoreLoad>>) => ({ storeId: data.storeId, openTasks: data.openTasks, reportedAt: new Date(data.at) });

export const startFulfillmentStoreLoad = (deps: SubgraphDeps): Promise<RunningConsumer> => {
  const storeLoad = createRepositories(deps.db).storeLoad;
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: FULFILLMENT_STORE_LOAD_CONSUMER,
    subject: SUBJECTS.fulfillmentStoreLoad,
    retryDelayMs: RETRY_DELAY_MS,
    gatherMs: GATHER_MS,
    idempotent: true,
    handleAll: (events) => storeLoad.recordMany(events.map(reportOf)),
  });
};
