import type { AppOf, SettingsOf, SubgraphApp, SubgraphDefinition, SubgraphSettings } from '../app';
import type { SubgraphDeps, SubgraphServer } from '../subgraph-server';
import { listenOnFreePort, TEST_HMAC_SECRET } from './index';

/** A subgraph a test runs (`TestSubgraph<typeof subgraph>`): its settings, app and listening server. */
export interface TestSubgraph<D extends SubgraphDefinition<any, any>> {
  settings: SettingsOf<D>;
  app: AppOf<D>;
  server: SubgraphServer;
  url: string;
  /** Stops the server (in-flight requests finish), then the app (workers, then what the use cases hold). */
  stop(): Promise<void>;
}

export interface TestSubgraphOptions<TSettings> {
  /** More environment for the subgraph's `settings()` (e.g. other subgraphs' URLs). */
  env?: NodeJS.ProcessEnv;
  /** Changes to the settings read from the environment: a partial to merge, or a function of them. */
  settings?: Partial<TSettings> | ((settings: TSettings) => TSettings);
  /** Start the app's workers before the server listens, as `runSubgraph` does. */
  workers?: boolean;
}

/** Reads a subgraph's settings for a test: the environment's, signed with the test secret. */
export function testSettings<TSettings extends SubgraphSettings>(
  subgraph: Pick<SubgraphDefinition<TSettings>, 'settings'>,
  opts: Pick<TestSubgraphOptions<TSettings>, 'env' | 'settings'> = {},
): TSettings {
  const read = subgraph.settings({ ...process.env, GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET, ...opts.env });
  return typeof opts.settings === 'function' ? opts.settings(read) : { ...read, ...opts.settings };
}

/**
 * Runs a subgraph on the test's connections the way `runSubgraph` runs it in a process (settings, app,
 * server, workers, listen), on a free port. Subgraph tests and the end-to-end harness both use it.
 */
export async function startTestSubgraph<TSettings extends SubgraphSettings, TApp extends SubgraphApp>(
  subgraph: SubgraphDefinition<TSettings, TApp>,
  deps: SubgraphDeps,
  opts: TestSubgraphOptions<TSettings> = {},
): Promise<TestSubgraph<SubgraphDefinition<TSettings, TApp>>> {
  const settings = testSettings(subgraph, opts);
  const app = subgraph.createApp(deps, settings);
  const server = await subgraph.buildServer(deps, app, settings);
  if (opts.workers) await app.workers.start();
  const url = await listenOnFreePort(server);
  return {
    settings,
    app,
    server,
    url,
    stop: async () => {
      await server.stop();
      await app.stop();
    },
  };
}
