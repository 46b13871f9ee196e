import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { DeliveryStateService } from '../app';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const DELIVERY_DELIVERED_CONSUMER = 'tracking-delivery-delivered';

/** `delivery.delivered`: the delivery ends (no more history, ETA null) and a final ETA of 0 minutes is published. */
export function startDeliveryDeliveredConsumer(deps: SubgraphDeps, deliveryState: DeliveryStateService): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: DELIVERY_DELIVERED_CONSUMER,
    subject: SUBJECTS.deliveryDelivered,
    retryDelayMs: 200,
    handle: (event, trx) => deliveryState.applyDelivered(trx, event.data),
  });
}
