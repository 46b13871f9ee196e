import { SUBJECTS, type RunningConsumer, type SubgraphDeps } from '@qc/shared';
import { consumerName, startStatusConsumer, type ConsumerOpts } from './status-consumer';

export const FULFILLMENT_TASK_CREATED_CONSUMER = consumerName(SUBJECTS.fulfillmentTaskCreated);

/** `fulfillment.task_created` → ASSIGNED_TO_STORE. */
export function startFulfillmentTaskCreatedConsumer(deps: SubgraphDeps, opts: ConsumerOpts = {}): Promise<RunningConsumer> {
  return startStatusConsumer(deps, SUBJECTS.fulfillmentTaskCreated, ['ASSIGNED_TO_STORE'], opts);
}
