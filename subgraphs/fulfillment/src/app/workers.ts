import type { OutboxRelay, SubgraphDeps } from '@qc/shared';
import type { Settings } from '../config';
import { startOrdersConfirmedConsumer, startOrdersStatusChangedConsumer } from '../events';
import type { UseCases } from '.';

/**
 * Background work of a fulfillment process: relay the outbox to JetStream and consume the order
 * events that queue and cancel pick tasks. `relay` is the one the use cases kick after a commit.
 * Returns a function that stops it all (consumers first, so their last events get relayed).
 */
export async function startWorkers(deps: SubgraphDeps, useCases: UseCases, relay: OutboxRelay, settings: Settings): Promise<() => Promise<void>> {
  const opts = { retryDelayMs: settings.retryDelayMs };
  relay.start();
  const consumers = [await startOrdersConfirmedConsumer(deps, useCases.picking, opts), await startOrdersStatusChangedConsumer(deps, useCases.picking, opts)];
  return async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await relay.stop();
  };
}
