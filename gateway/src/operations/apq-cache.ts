import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from '@qc/shared';

/**
 * Apollo Server's `KeyValueCache` on the deployment's Redis, for automatic persisted queries: a hash
 * registered through one gateway replica is found by every other. (Apollo's documented route is Keyv
 * with a Redis adapter; this is the same contract on the ioredis client the platform already runs.)
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Seconds an entry lives when the caller gives no ttl. */
    private readonly defaultTtl: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl === null ? null : (options?.ttl ?? this.defaultTtl);
    if (ttl) await this.redis.set(this.prefix + key, value, 'EX', Math.ceil(ttl));
    else await this.redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}
