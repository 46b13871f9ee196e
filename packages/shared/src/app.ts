import type { Migration } from './db';
import type { SubgraphDeps, SubgraphServer } from './subgraph-server';
import type { SubgraphName } from './subgraphs';
import { hmacSecretEnv, loadConfig } from './config';
import { z } from 'zod';

/** What every subgraph's settings carry (each subgraph's `settings()` adds its own). */
export interface SubgraphSettings {
  /** The gateway's signing secret: requests are verified with it, calls to other subgraphs signed. */
  hmacSecret: string;
}

/** A process's background work (outbox relay, event consumers, loops): started once, stopped once. */
export interface Workers {
  start(): Promise<void>;
  /** Stops what `start` started, in order; a no-op when not started. */
  stop(): Promise<void>;
}

/**
 * One subgraph's runtime in one process: the use cases every request and every worker share (they
 * hold the process's in-memory state: buffers, breakers, indexes), and the workers that run beside them.
 */
export interface SubgraphApp<TUseCases = unknown> {
  useCases: TUseCases;
  workers: Workers;
  /** Stops the workers (if started), then releases what the use cases hold. Requests must be finished. */
  stop(): Promise<void>;
}

/**
 * Everything a process or a test needs to run a subgraph, the same way for all six: read its settings,
 * create its app on the connections, build its server on the app. `runSubgraph` and the end-to-end
 * harness take this and nothing else.
 */
export interface SubgraphDefinition<TSettings extends SubgraphSettings = SubgraphSettings, TApp extends SubgraphApp = SubgraphApp> {
  name: SubgraphName;
  migrations: readonly Migration[];
  /** Reads the settings from `env`; a bad value is a ConfigError naming every offending variable. */
  settings(env?: NodeJS.ProcessEnv): TSettings;
  createApp(deps: SubgraphDeps, settings: TSettings): TApp;
  buildServer(deps: SubgraphDeps, app: TApp, settings: TSettings): Promise<SubgraphServer>;
}

/** The settings type of a subgraph definition. */
export type SettingsOf<D> = D extends SubgraphDefinition<infer S, any> ? S : never;
/** The app type of a subgraph definition. */
export type AppOf<D> = D extends SubgraphDefinition<any, infer A> ? A : never;

/**
 * Workers from a start function that resolves with their stop. Starting twice is a bug and throws;
 * stopping before a start, or twice, does nothing.
 */
export function workers(start: () => Promise<() => Promise<void>>): Workers {
  let running: Promise<() => Promise<void>> | null = null;
  return {
    start: async () => {
      if (running) throw new Error('workers already started');
      running = start();
      await running;
    },
    stop: async () => {
      const current = running;
      running = null;
      const stop = await current?.catch(() => null);
      if (stop) await stop();
    },
  };
}

/** For a subgraph with no background work. */
export const noWorkers = (): Workers => workers(async () => async () => undefined);

/** The settings every subgraph reads, from `env`: its own `settings()` spreads these first. */
export function subgraphSettings(env: NodeJS.ProcessEnv = process.env): SubgraphSettings {
  return { hmacSecret: loadConfig(z.object(hmacSecretEnv), env).GATEWAY_HMAC_SECRET };
}
