import { createSubgraphServer, loadTypeDefs, type SubgraphDefinition, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import { migrations } from '../migrations';
import { createApp, type App } from './app';
import { settings, type Settings } from './config';
import { createContext } from './context';
import { createRepositories } from './data';
import { policy } from './policy';
import { resolvers } from './resolvers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

/** Builds the tracking subgraph on the given connections and app; tests call this with their own. */
export function buildServer(deps: SubgraphDeps, app: App, settings: Settings): Promise<SubgraphServer> {
  const repos = createRepositories(deps.db, deps.redis, deps.namespace, deps.log);
  return createSubgraphServer({
    name: 'tracking',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret: settings.hmacSecret,
    context: (caller) => createContext(deps, repos, app.useCases, caller),
    // A report is most of tracking's requests: its ingest script records the signature as used (one
    // Redis round trip per report instead of two).
    replayClaimedBy: ['reportLocation'],
  });
}

/** How `runSubgraph` and the tests run tracking. */
export const subgraph: SubgraphDefinition<Settings, App> = { name: 'tracking', migrations, settings, createApp, buildServer };
