import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createContext } from './context';
import { policy } from './policy';
import { resolvers } from './resolvers';
import { createServices, type Services } from './app';
import { startWorkers, type WorkerOptions } from './app/workers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/** The tracking server; its workers share its services, so their flush and stop cover the requests' buffer. */
export interface TrackingServer extends SubgraphServer {
  services: Services;
  startWorkers(opts?: WorkerOptions): Promise<() => Promise<void>>;
}

/**
 * Builds the tracking subgraph on the given connections; tests call this with their own. Stopping
 * the server also writes what its requests left buffered, so reports accepted while in-flight
 * requests drain are never lost, whichever of server and workers stops last.
 */
export async function buildServer(deps: SubgraphDeps, hmacSecret: string, services: Services = createServices(deps)): Promise<TrackingServer> {
  const server = await createSubgraphServer({
    name: 'tracking',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, services, caller),
  });
  return {
    ...server,
    services,
    startWorkers: (opts) => startWorkers(deps, services, opts),
    stop: async () => {
      await server.stop();
      await services.writer.stop();
    },
  };
}
