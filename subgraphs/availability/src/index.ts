import { runSubgraph } from '@qc/shared';
import { migrations } from '../migrations';
import { buildServer } from './server';

void runSubgraph({
  name: 'availability',
  migrations,
  buildServer: (deps, config) => buildServer(deps, config.GATEWAY_HMAC_SECRET),
});
