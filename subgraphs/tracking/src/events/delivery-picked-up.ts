import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { DeliveryStateService } from '../app';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const DELIVERY_PICKED_UP_CONSUMER = 'tracking-delivery-picked_up';

/** `delivery.picked_up`: the courier has the bag (phase TO_CUSTOMER); ETA recomputed from the courier to the door. */
export function startDeliveryPickedUpConsumer(deps: SubgraphDeps, deliveryState: DeliveryStateService): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: DELIVERY_PICKED_UP_CONSUMER,
    subject: SUBJECTS.deliveryPickedUp,
    retryDelayMs: 200,
    handle: (event, trx) => deliveryState.applyPickedUp(trx, event.data),
  });
}
