import { runSubgraph } from '@qc/shared';
import { migrations } from '../migrations';
import { orderingSettings } from './config';
import { buildServer } from './server';

void runSubgraph({
  name: 'orders',
  migrations,
  validateSettings: orderingSettings,
  buildServer: (deps, config) => buildServer(deps, config.GATEWAY_HMAC_SECRET),
});
