import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import type { Dispatch } from '../app/dispatch';

export const ORDERS_CONFIRMED_CONSUMER = 'delivery-orders-confirmed';

/**
 * `orders.confirmed` → the order's dispatch job learns its store and where the customer is.
 *
 * `idempotent`: no transaction and no processed-events row (one statement instead of four, once per
 * placed order; the events that arrive together in one statement). What the ledger would prevent, the
 * event applied twice, leaves the job as once: the upsert writes the event's own values (dropoff,
 * confirmation time, customer), keeps the job's store and only fills a gap in its location, and never
 * touches the status, the offers or the attempts. All a repeat does is ask for a look now (the job's
 * next check cleared), which decides the same as the look it replaces; a job that is not waiting has no
 * look to ask for. Dispatch jobs are never deleted, so a repeat cannot bring back a finished one.
 */
export function startOrdersConfirmedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  const { dispatchJobs } = createRepositories(deps.db);
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_CONFIRMED_CONSUMER,
    subject: SUBJECTS.ordersConfirmed,
    idempotent: true,
    handleAll: async (events) => {
      const due = await dispatchJobs.recordConfirmedMany(
        events.map(({ data }) => ({
          orderId: data.orderId,
          storeId: data.storeId,
          dropoff: data.deliveryLocation,
          confirmedAt: new Date(data.confirmedAt),
          customerId: data.customerId,
          storeLocation: dispatch.knownStoreLocation(data.storeId),
        })),
      );
      if (due) dispatch.wake();
    },
  });
}
