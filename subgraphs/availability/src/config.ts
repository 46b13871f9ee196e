import { subgraphSettings, type SubgraphSettings } from '@qc/shared';

/** Availability's settings: what every subgraph reads, and how often its loops run (tests shorten them). */
export interface Settings extends SubgraphSettings {
  /** How often the `stores` table's signature is compared with the index's (catches writers without Redis, like the seed). */
  reconcileMs: number;
  /** How often expired reservations are looked for. */
  sweepMs: number;
}

/** Reads availability's settings; a bad value is a ConfigError naming every offending variable. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return { ...subgraphSettings(env), reconcileMs: 5000, sweepMs: 5000 };
}
