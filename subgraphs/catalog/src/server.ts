import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createContext } from './context';
import { policy } from './policy';
import { resolvers } from './resolvers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/** Builds the catalog subgraph on the given connections; tests call this with their own. */
export function buildServer(deps: SubgraphDeps, hmacSecret: string): Promise<SubgraphServer> {
  return createSubgraphServer({
    name: 'catalog',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, caller),
  });
}
