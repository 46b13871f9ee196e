import { SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { consumerName, startStatusConsumer, type ConsumerOpts } from './status-consumer';

export const FULFILLMENT_PACKED_CONSUMER = consumerName(SUBJECTS.fulfillmentPacked);

/** `fulfillment.packed` → PACKED. */
export function startFulfillmentPackedConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  return startStatusConsumer(deps, SUBJECTS.fulfillmentPacked, ['PACKED'], opts);
}
