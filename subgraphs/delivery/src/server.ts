import { createSubgraphServer, loadTypeDefs, type SubgraphDeps, type SubgraphServer } from '@qc/shared';
import type { StoreLocator } from './data/clients/stores';
import { dispatchSettings, type DispatchSettings } from './config';
import { createContext } from './context';
import { createDispatch, startDispatchWorkers, type Dispatch } from './app';
import { policy } from './policy';
import { resolvers } from './resolvers';

export const typeDefs = loadTypeDefs(`${__dirname}/..`);

export interface DeliveryServerOptions {
  /** Settings to use instead of the environment's (tests shorten the offer window and point availability elsewhere). */
  settings?: Partial<Omit<DispatchSettings, 'search'>> & { search?: Partial<DispatchSettings['search']> };
  /** Store locations from somewhere other than availability. */
  stores?: StoreLocator;
}

/** The delivery server and its dispatch runtime, whose background work `runSubgraph` and tests start. */
export interface DeliveryServer extends SubgraphServer {
  dispatch: Dispatch;
  /** Starts the relay, consumers, position projection, dispatcher and sweeper; resolves with their stop. */
  startWorkers(): Promise<() => Promise<void>>;
}

/** Builds the delivery subgraph on the given connections; tests call this with their own. */
export async function buildServer(deps: SubgraphDeps, hmacSecret: string, options: DeliveryServerOptions = {}): Promise<DeliveryServer> {
  const base = dispatchSettings();
  const settings: DispatchSettings = { ...base, ...options.settings, search: { ...base.search, ...options.settings?.search } };
  const dispatch = createDispatch(deps, hmacSecret, settings, options.stores);
  const server = await createSubgraphServer({
    name: 'delivery',
    typeDefs,
    resolvers,
    policy,
    deps,
    hmacSecret,
    context: (caller) => createContext(deps, caller, dispatch),
  });
  return { ...server, dispatch, startWorkers: () => startDispatchWorkers(deps, dispatch) };
}
