import { SUBJECTS, startConsumer, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import type { DeliveryStateService } from '../app';

/** Durable consumer name: one per deployment, shared by every tracking replica. */
export const PACKED_CONSUMER = 'tracking-fulfillment-packed';

/** `fulfillment.packed`: no preparation left; the ETA of a courier on the way to the store is recomputed. */
export function startPackedConsumer(deps: SubgraphDeps, deliveryState: DeliveryStateService): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.events,
    db: deps.db,
    log: deps.log,
    name: PACKED_CONSUMER,
    subject: SUBJECTS.fulfillmentPacked,
    retryDelayMs: 200,
    handle: (event, trx) => deliveryState.applyPacked(trx, event.data),
  });
}
