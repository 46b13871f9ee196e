import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { DeliveryStateService } from '../app';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const DELIVERY_ASSIGNED_CONSUMER = 'tracking-delivery-assigned';

/** `delivery.assigned`: the courier now carries the order (phase TO_STORE); ends what it replaces; ETA recomputed. */
export function startDeliveryAssignedConsumer(deps: SubgraphDeps, deliveryState: DeliveryStateService): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: DELIVERY_ASSIGNED_CONSUMER,
    subject: SUBJECTS.deliveryAssigned,
    retryDelayMs: 200,
    handle: (event, trx) => deliveryState.applyAssigned(trx, event.data),
  });
}
