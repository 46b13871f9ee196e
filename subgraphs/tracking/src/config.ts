import { subgraphSettings, type SubgraphSettings } from '@qc/shared';
import type { LocationWriterOptions } from './app/location-writer';

/** Tracking's settings: what every subgraph reads, and the pace of its writer and loops (tests change them). */
export interface Settings extends SubgraphSettings {
  /** How buffered reports are written (batch size, flush interval). */
  writer: LocationWriterOptions;
  /** How often finished deliveries are forgotten. */
  purgeEveryMs: number;
  /** How often the Redis mirror is checked for (besides every reconnect to Redis). */
  mirrorCheckMs: number;
  /** How long a finished delivery or a preparation promise is kept. */
  keepFinishedMs: number;
}

/** Reads tracking's settings; a bad value is a ConfigError naming every offending variable. */
export function settings(env: NodeJS.ProcessEnv = process.env): Settings {
  return { ...subgraphSettings(env), writer: {}, purgeEveryMs: 10 * 60 * 1000, mirrorCheckMs: 5000, keepFinishedMs: 24 * 60 * 60 * 1000 };
}
