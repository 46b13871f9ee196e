import { startConsumer, SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Picking } from '../app';

/** Durable consumer name: `<subgraph>-<subject with dots as dashes>`. */
export const ORDERS_CONFIRMED_CONSUMER = 'fulfillment-orders-confirmed';

/**
 * `orders.confirmed` → the order's pick task, QUEUED at its store. Idempotent twice over: the
 * consumer skips an event id it has applied, and the task is unique per order.
 */
export function startOrdersConfirmedConsumer(deps: SubgraphDeps, picking: Picking, opts: { retryDelayMs?: number } = {}): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_CONFIRMED_CONSUMER,
    subject: SUBJECTS.ordersConfirmed,
    ...opts,
    handle: async (event, trx) => {
      await picking.queueOrder(trx, event.data);
    },
  });
}
