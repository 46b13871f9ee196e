import { afterCommit, SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { createRepositories } from '../data';
import type { Dispatch } from '../app/dispatch';

export const ORDERS_CONFIRMED_CONSUMER = 'delivery-orders-confirmed';

/** `orders.confirmed` → the order's dispatch job learns its store and where the customer is. */
export function startOrdersConfirmedConsumer(deps: SubgraphDeps, dispatch: Dispatch): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_CONFIRMED_CONSUMER,
    subject: SUBJECTS.ordersConfirmed,
    handle: async (event, trx) => {
      const data = event.data;
      const store = dispatch.knownStoreLocation(data.storeId);
      const repos = createRepositories(trx);
      if (await repos.dispatchJobs.recordConfirmed(data.orderId, data.storeId, data.deliveryLocation, new Date(data.confirmedAt), data.customerId, store)) afterCommit(trx, () => dispatch.wake());
    },
  });
}
