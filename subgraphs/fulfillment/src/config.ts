import { subgraphSettings, type SubgraphSettings } from '@qc/shared';

/** Fulfillment's settings: what every subgraph reads, and its consumers' back-off (tests shorten it). */
export interface Settings extends SubgraphSettings {
  /** Back-off before a failed event is delivered again; the consumer's default when absent. */
  retryDelayMs?: number;
}

/** Reads fulfillment's settings; a bad value is a ConfigError naming every offending variable. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return subgraphSettings(env);
}
