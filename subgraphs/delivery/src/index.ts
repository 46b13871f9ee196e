import { runSubgraph } from '@qc/shared';
import { migrations } from '../migrations';
import { dispatchSettings } from './config';
import { buildServer } from './server';

void runSubgraph({
  name: 'delivery',
  migrations,
  validateSettings: dispatchSettings,
  buildServer: (deps, config) => buildServer(deps, config.GATEWAY_HMAC_SECRET),
});
