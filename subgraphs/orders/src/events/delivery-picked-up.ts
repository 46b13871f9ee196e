import { SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { consumerName, startStatusConsumer, type ConsumerOpts } from './status-consumer';

export const DELIVERY_PICKED_UP_CONSUMER = consumerName(SUBJECTS.deliveryPickedUp);

/** `delivery.picked_up` → PICKED_UP, then IN_TRANSIT (both recorded). */
export function startDeliveryPickedUpConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  return startStatusConsumer(deps, SUBJECTS.deliveryPickedUp, ['PICKED_UP', 'IN_TRANSIT'], opts);
}
