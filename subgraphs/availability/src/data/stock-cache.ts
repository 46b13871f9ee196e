import { DependencyDownError, type Redis } from '@qc/shared';

/** A safety net only: entries are invalidated on every change, the TTL bounds memory for cold stores. */
export const STOCK_CACHE_TTL_MS = 10 * 60 * 1000;

/**
 * Writes entries only if the store's version is still the one read before Postgres was asked. A change
 * that commits in between bumps the version, so a reader holding pre-change numbers cannot put them
 * back after the invalidation (the classic read-through race).
 */
const FILL_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[2]) or ''
if current ~= ARGV[1] then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

const FILL_COMMAND = 'qcAvailabilityStockFill';

type FillCommand = (stockKey: string, versionKey: string, version: string, ttlMs: number, ...fieldsAndValues: (string | number)[]) => Promise<number>;

/** What the cache holds for one store: its version at read time and the free units per product asked (null = not cached). */
export interface CachedStoreStock {
  version: string;
  free: (number | null)[];
}

/**
 * Free units per (store, product) in Redis: one hash per store (`<ns>:stock:<storeId>`, field =
 * product id, value = on hand − reserved; 0 for a product the store does not carry) and a version
 * counter per store (`<ns>:stock-version:<storeId>`). Entries are filled on demand from Postgres and
 * dropped on every stock change, so the cache holds the hot part of the stock table and nothing else.
 */
export class StockCache {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly ttlMs = STOCK_CACHE_TTL_MS,
  ) {
    if (!(FILL_COMMAND in redis)) redis.defineCommand(FILL_COMMAND, { numberOfKeys: 2, lua: FILL_IF_UNCHANGED });
  }

  private stockKey = (storeId: string) => `${this.namespace}:stock:${storeId}`;
  private versionKey = (storeId: string) => `${this.namespace}:stock-version:${storeId}`;

  /** The cached free units of `productIds` in each store, in one round trip. */
  async read(storeIds: readonly string[], productIds: readonly string[]): Promise<Map<string, CachedStoreStock>> {
    const found = new Map<string, CachedStoreStock>();
    if (storeIds.length === 0 || productIds.length === 0) return found;
    const pipeline = this.redis.pipeline();
    // The version is read before the entries: a change landing between the two only costs a refill.
    for (const storeId of storeIds) pipeline.get(this.versionKey(storeId)).hmget(this.stockKey(storeId), ...productIds);
    const replies = await pipeline.exec();
    if (!replies) throw new Error('redis pipeline was aborted');
    storeIds.forEach((storeId, i) => {
      const [versionError, version] = replies[2 * i]!;
      const [entriesError, entries] = replies[2 * i + 1]!;
      if (versionError ?? entriesError) throw versionError ?? entriesError;
      found.set(storeId, {
        version: (version as string | null) ?? '',
        free: (entries as (string | null)[]).map((value) => (value === null ? null : Number(value))),
      });
    });
    return found;
  }

  /**
   * Stores free units read from Postgres, per store, unless that store's stock changed since `read`
   * returned `version`. Returns how many stores were written.
   */
  async fill(entries: ReadonlyMap<string, { version: string; free: ReadonlyMap<string, number> }>): Promise<number> {
    if (entries.size === 0) return 0;
    const pipeline = this.redis.pipeline() as unknown as Record<typeof FILL_COMMAND, FillCommand> & { exec(): Promise<[Error | null, unknown][] | null> };
    for (const [storeId, { version, free }] of entries) {
      if (free.size === 0) continue;
      void pipeline[FILL_COMMAND](this.stockKey(storeId), this.versionKey(storeId), version, this.ttlMs, ...[...free].flat());
    }
    const replies = (await pipeline.exec()) ?? [];
    return replies.filter(([error, written]) => {
      if (error) throw error;
      return written === 1;
    }).length;
  }

  /**
   * Drops the cached entries of changed stock lines and moves their stores' versions. Call after commit.
   * Fails at once while Redis is not connected rather than holding a stock change for the client's
   * reconnect attempts: the `inventory.changed` consumer drops the entries once Redis is back, and a
   * reconnect empties the cache anyway (see the workers).
   */
  async invalidate(lines: readonly { storeId: string; productId: string }[]): Promise<void> {
    if (lines.length === 0) return;
    if (this.redis.status !== 'ready') throw new DependencyDownError(`redis is ${this.redis.status}; stock cache not invalidated`);
    const multi = this.redis.multi();
    for (const { storeId, productId } of lines) multi.incr(this.versionKey(storeId)).hdel(this.stockKey(storeId), productId);
    const replies = await multi.exec();
    for (const [error] of replies ?? []) if (error) throw error;
  }

  /**
   * Empties the cache (versions stay, so no in-flight fill can slip an old number in). For writers that
   * bypass the use cases, such as the seed; every process start does it too.
   */
  async flush(): Promise<number> {
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.namespace}:stock:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return removed;
  }
}
