import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createContext } from './context';
import { policy } from './policy';
import { resolvers } from './resolvers';
import { createServices, type Services } from './app';
import { startWorkers, type WorkerOptions } from './app/workers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/** The availability server; its workers share its services (one in-memory store list per process). */
export interface AvailabilityServer extends SubgraphServer {
  services: Services;
  startWorkers(opts?: WorkerOptions): Promise<() => Promise<void>>;
}

/** Builds the availability subgraph on the given connections; tests call this with their own. */
export async function buildServer(deps: SubgraphDeps, hmacSecret: string, services: Services = createServices(deps)): Promise<AvailabilityServer> {
  const server = await createSubgraphServer({
    name: 'availability',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, services, caller),
  });
  return { ...server, services, startWorkers: (opts) => startWorkers(deps, services, opts) };
}
