import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { createContext } from './context';
import { policy } from './policy';
import { resolvers } from './resolvers';
import { createPicking, type Picking } from './app';
import { startWorkers, type WorkerOptions } from './app/workers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/** The fulfillment server and its picking runtime (outbox relay), which its workers share. */
export interface FulfillmentServer extends SubgraphServer {
  picking: Picking;
  startWorkers(opts?: WorkerOptions): Promise<() => Promise<void>>;
}

/** Builds the fulfillment subgraph on the given connections; tests call this with their own. */
export async function buildServer(deps: SubgraphDeps, hmacSecret: string, picking: Picking = createPicking(deps)): Promise<FulfillmentServer> {
  const server = await createSubgraphServer({
    name: 'fulfillment',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, caller, picking),
  });
  return { ...server, picking, startWorkers: (opts) => startWorkers(deps, picking, opts) };
}
