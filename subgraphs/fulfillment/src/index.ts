import { runSubgraph } from '@qc/shared';
import { migrations } from '../migrations';
import { buildServer, type FulfillmentServer } from './server';
import { startWorkers } from './workers';

let server: FulfillmentServer | undefined;

void runSubgraph({
  name: 'fulfillment',
  migrations,
  buildServer: async (deps, config) => (server = await buildServer(deps, config.GATEWAY_HMAC_SECRET)),
  // runSubgraph builds the server before it starts the workers, so they share its relay.
  startWorkers: (deps) => startWorkers(deps, server!.picking),
});
