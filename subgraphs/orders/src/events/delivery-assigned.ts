import { SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { consumerName, startStatusConsumer, type ConsumerOpts } from './status-consumer';

export const DELIVERY_ASSIGNED_CONSUMER = consumerName(SUBJECTS.deliveryAssigned);

/** `delivery.assigned` → ASSIGNED_TO_COURIER. */
export function startDeliveryAssignedConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  return startStatusConsumer(deps, SUBJECTS.deliveryAssigned, ['ASSIGNED_TO_COURIER'], opts);
}
