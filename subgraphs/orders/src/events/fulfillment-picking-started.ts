import { SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { consumerName, startStatusConsumer, type ConsumerOpts } from './status-consumer';

export const FULFILLMENT_PICKING_STARTED_CONSUMER = consumerName(SUBJECTS.fulfillmentPickingStarted);

/** `fulfillment.picking_started` → PICKING. */
export function startFulfillmentPickingStartedConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  return startStatusConsumer(deps, SUBJECTS.fulfillmentPickingStarted, ['PICKING'], opts);
}
