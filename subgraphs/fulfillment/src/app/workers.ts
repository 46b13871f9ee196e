import type { SubgraphDeps } from '@qc/shared';
import { startOrdersConfirmedConsumer, startOrdersStatusChangedConsumer } from '../events';
import type { Picking } from './';

export interface WorkerOptions {
  /** Back-off before a failed event is delivered again (tests shorten it). */
  retryDelayMs?: number;
}

/**
 * Background work of a fulfillment process: relay the outbox to JetStream and consume the order
 * events that queue and cancel pick tasks. `picking` is the server's, so mutations kick the same
 * relay. Returns a function that stops it all (consumers first, so their last events get relayed).
 */
export async function startWorkers(deps: SubgraphDeps, picking: Picking, opts: WorkerOptions = {}): Promise<() => Promise<void>> {
  picking.deps.relay.start();
  const consumers = [await startOrdersConfirmedConsumer(deps, picking, opts), await startOrdersStatusChangedConsumer(deps, picking, opts)];
  return async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await picking.deps.relay.stop();
  };
}
