import { SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { consumerName, startStatusConsumer, type ConsumerOpts } from './status-consumer';

export const DELIVERY_DELIVERED_CONSUMER = consumerName(SUBJECTS.deliveryDelivered);

/** `delivery.delivered` → DELIVERED. */
export function startDeliveryDeliveredConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  return startStatusConsumer(deps, SUBJECTS.deliveryDelivered, ['DELIVERED'], opts);
}
