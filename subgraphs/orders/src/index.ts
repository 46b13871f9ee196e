import { ConfigError, runSubgraph } from '@qc/shared';
import { migrations } from '../migrations';
import { orderingSettings } from './config';
import { startOrderEventConsumers } from './events/consumers';
import { buildServer, type OrdersServer } from './server';

/** How often refunds the provider refused at cancellation are tried again. */
const REFUND_RETRY_MS = 15_000;

try {
  // Fail at start with every bad variable named, not at the first order.
  orderingSettings();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`[orders] ${error.message}`);
  process.exit(78);
}

let server: OrdersServer | undefined;

void runSubgraph({
  name: 'orders',
  migrations,
  buildServer: async (deps, config) => (server = await buildServer(deps, config.GATEWAY_HMAC_SECRET)),
  startWorkers: async (deps) => {
    const ordering = server!.ordering;
    ordering.deps.relay.start();
    // fulfillment's and delivery's events move the order's status (issue 5).
    const consumers = await startOrderEventConsumers(deps, ordering.deps.payments);
    const refunds = setInterval(() => {
      ordering.retryOwedRefunds().catch((error: unknown) => deps.log.error({ err: error }, 'refund retry failed'));
    }, REFUND_RETRY_MS);
    return async () => {
      clearInterval(refunds);
      await Promise.all(consumers.map((c) => c.stop()));
      await ordering.deps.relay.stop();
    };
  },
});
