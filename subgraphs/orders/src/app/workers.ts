import { Loop, type OutboxRelay, type SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { startOrderEventConsumers } from '../events/consumers';
import type { UseCases } from '.';

/**
 * Background work of an orders process: relay the outbox to JetStream (`relay` is the one the use
 * cases kick after a commit), follow fulfillment's and delivery's events (they move the order's
 * status), and retry refunds the provider refused. Returns a function that stops it all, consumers
 * before the relay so their last events go out.
 */
export async function startWorkers(deps: SubgraphDeps, useCases: UseCases, relay: OutboxRelay, settings: Settings): Promise<() => Promise<void>> {
  relay.start();
  const consumers = await startOrderEventConsumers(deps, useCases.payments, { retryDelayMs: settings.retryDelayMs });
  const refunds = new Loop({ name: 'refund-retry', everyMs: settings.refundRetryMs, log: deps.log, runAtStart: false }, async () => {
    await useCases.ordering.retryOwedRefunds();
  });
  refunds.start();
  return async () => {
    await refunds.stop();
    await Promise.all(consumers.map((c) => c.stop()));
    await relay.stop();
  };
}
