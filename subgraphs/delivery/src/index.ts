import { ConfigError, runSubgraph } from '@qc/shared';
import { migrations } from '../migrations';
import { dispatchSettings } from './config';
import { buildServer, type DeliveryServer } from './server';

try {
  // Fail at start with every bad variable named, not at the first offer.
  dispatchSettings();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`[delivery] ${error.message}`);
  process.exit(78);
}

let server: DeliveryServer | undefined;

void runSubgraph({
  name: 'delivery',
  migrations,
  buildServer: async (deps, config) => (server = await buildServer(deps, config.GATEWAY_HMAC_SECRET)),
  startWorkers: () => server!.startWorkers(),
});
