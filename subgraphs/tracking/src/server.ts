import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createContext } from './context';
import { resolvers } from './resolvers';
import { createServices, type Services } from './services';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/**
 * Builds the tracking subgraph on the given connections; tests call this with their own. Pass
 * `services` to share the buffered writer with the workers; by default the server makes its own.
 * Stopping the server also writes what its requests left buffered: `runSubgraph` stops the workers
 * before it drains in-flight requests, so reports accepted during the drain would otherwise be lost.
 */
export async function buildServer(deps: SubgraphDeps, hmacSecret: string, services: Services = createServices(deps)): Promise<SubgraphServer> {
  const server = await createSubgraphServer({
    name: 'tracking',
    typeDefs,
    resolvers,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, services, caller),
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await services.writer.stop();
    },
  };
}
