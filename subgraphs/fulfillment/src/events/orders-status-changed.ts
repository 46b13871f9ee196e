import { startTokenConsumers, SUBJECTS, type EventEnvelope, type EventPayload, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { Picking } from '../app';

/** Durable consumer name: `<subgraph>-<subject with dots as dashes>`. */
export const ORDERS_STATUS_CHANGED_CONSUMER = 'fulfillment-orders-status_changed';

/**
 * `applyOrderStatus` acts on CANCELLED only: the durable of `orders.status_changed.CANCELLED` gets nothing else; a durable from
 * before status tokens acks every other transition without a transaction (the chaos audit counts them with this).
 */
export const ignoresStatusChange = (event: EventEnvelope<EventPayload<typeof SUBJECTS.ordersStatusChanged>>): boolean => event.data.to !== 'CANCELLED';

/**
 * `orders.status_changed` → cancels the order's pick task when the order is CANCELLED and the bag is
 * not packed yet. Other transitions are not delivered (see `startTokenConsumers`).
 */
export function startOrdersStatusChangedConsumer(deps: SubgraphDeps, picking: Picking, opts: { retryDelayMs?: number } = {}): Promise<RunningConsumer> {
  return startTokenConsumers({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: ORDERS_STATUS_CHANGED_CONSUMER,
    subject: SUBJECTS.ordersStatusChanged,
    ...opts,
    tokens: ['CANCELLED'],
    ignores: ignoresStatusChange,
    handle: async (event, trx) => {
      await picking.applyOrderStatus(trx, event.data);
    },
  });
}
