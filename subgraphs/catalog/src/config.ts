import { subgraphSettings, type SubgraphSettings } from '@qc/shared';

/** Catalog reads nothing beyond what every subgraph reads. */
export type Settings = SubgraphSettings;

/** Reads catalog's settings; a bad value is a ConfigError naming every offending variable. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return subgraphSettings(env);
}
