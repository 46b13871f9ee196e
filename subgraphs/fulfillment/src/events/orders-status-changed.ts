import { startConsumer, SUBJECTS, type EventEnvelope, type EventPayload, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Picking } from '../app';

/** Durable consumer name: `<subgraph>-<subject with dots as dashes>`. */
export const ORDERS_STATUS_CHANGED_CONSUMER = 'fulfillment-orders-status_changed';

/** `applyOrderStatus` acts on CANCELLED only; every other transition is acked without a transaction (the chaos audit counts them with this). */
export const ignoresStatusChange = (event: EventEnvelope<EventPayload<typeof SUBJECTS.ordersStatusChanged>>): boolean => event.data.to !== 'CANCELLED';

/**
 * `orders.status_changed` → cancels the order's pick task when the order is CANCELLED and the bag is
 * not packed yet. Every other transition is read and ignored.
 */
export function startOrdersStatusChangedConsumer(deps: SubgraphDeps, picking: Picking, opts: { retryDelayMs?: number } = {}): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    ...opts,
    ignores: ignoresStatusChange,
    handle: async (event, trx) => {
      await picking.applyOrderStatus(trx, event.data);
    },
  });
}
