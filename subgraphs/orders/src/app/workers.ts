import { Loop, type SubgraphDeps } from '@qc/shared';
import { startOrderEventConsumers } from '../events/consumers';
import type { ConsumerOpts } from '../events/status-consumer';
import type { Ordering } from './';

export interface WorkerOptions extends ConsumerOpts {
  /** How often refunds the provider refused are tried again. */
  refundRetryMs?: number;
}

/**
 * Background work of an orders process: relay the outbox to JetStream, follow fulfillment's and
 * delivery's events (they move the order's status), and retry refunds the provider refused.
 * Returns a function that stops it all, consumers before the relay so their last events go out.
 */
export async function startWorkers(deps: SubgraphDeps, ordering: Ordering, opts: WorkerOptions = {}): Promise<() => Promise<void>> {
  const { refundRetryMs = 15_000, ...consumerOpts } = opts;
  ordering.deps.relay.start();
  const consumers = await startOrderEventConsumers(deps, ordering.deps.payments, consumerOpts);
  const refunds = new Loop({ name: 'refund-retry', everyMs: refundRetryMs, log: deps.log, runAtStart: false }, async () => {
    await ordering.retryOwedRefunds();
  });
  refunds.start();
  return async () => {
    await refunds.stop();
    await Promise.all(consumers.map((c) => c.stop()));
    await ordering.deps.relay.stop();
  };
}
