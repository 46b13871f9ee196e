import { runSubgraph, type SubgraphDeps } from '@qc/shared';
import { migrations } from '../migrations';
import { buildServer } from './server';
import { createServices, type Services } from './services';
import { startWorkers } from './workers';

// Server and workers share one set of services, so the workers' flush and stop cover the requests' buffer.
const shared = new WeakMap<SubgraphDeps, Services>();
const servicesFor = (deps: SubgraphDeps) => {
  let services = shared.get(deps);
  if (!services) shared.set(deps, (services = createServices(deps)));
  return services;
};

void runSubgraph({
  name: 'tracking',
  migrations,
  buildServer: (deps, config) => buildServer(deps, config.GATEWAY_HMAC_SECRET, servicesFor(deps)),
  startWorkers: (deps) => startWorkers(deps, servicesFor(deps)),
});
