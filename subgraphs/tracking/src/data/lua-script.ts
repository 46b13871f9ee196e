import { createHash } from 'node:crypto';
import type { Redis } from '@qc/shared';

/**
 * A Lua script run by its SHA: one EVALSHA per call, and a single EVAL (which also caches it) when the
 * server does not know the script yet (first use, a restarted or flushed Redis).
 */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
