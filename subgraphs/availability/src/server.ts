import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createContext } from './context';
import { resolvers } from './resolvers';
import { createServices, type Services } from './services';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/**
 * Builds the availability subgraph on the given connections; tests call this with their own. Pass
 * `services` to share them with the workers (one in-memory store list per process); by default the
 * server makes its own.
 */
export function buildServer(deps: SubgraphDeps, hmacSecret: string, services: Services = createServices(deps)): Promise<SubgraphServer> {
  return createSubgraphServer({
    name: 'availability',
    typeDefs,
    resolvers,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, services, caller),
  });
}
