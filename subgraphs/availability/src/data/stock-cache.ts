import { DependencyDownError, type Redis } from '@qc/shared';

/** A safety net only: entries are invalidated on every change, the TTL bounds memory for cold stores. */
export const STOCK_CACHE_TTL_MS = 10 * 60 * 1000;

/**
 * Writes entries only if the store's version is still the one read before Postgres was asked. A change
 * that commits in between bumps the version, so a reader holding pre-change numbers cannot put them
 * back after the invalidation (the classic read-through race). Every store of one lookup goes in one
 * call: KEYS = (stock, version) per store; ARGV = ttl, then per store its version, its entry count n
 * and n field/value pairs. Returns how many stores were written.
 */
const FILL_IF_UNCHANGED = `
local a = 2
local written = 0
for i = 1, #KEYS, 2 do
  local version, n = ARGV[a], tonumber(ARGV[a + 1])
  a = a + 2
  if (redis.call('GET', KEYS[i + 1]) or '') == version then
    redis.call('HSET', KEYS[i], unpack(ARGV, a, a + 2 * n - 1))
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
    written = written + 1
  end
  a = a + 2 * n
end
return written
`;

/**
 * Reads each store's version and then its entries for the products asked (ARGV), every store in one call
 * rather than two commands per store: the command count, not Redis's work, is most of a lookup's cost
 * here. KEYS = (version, stock) per store. Replies `[version or '', [units or nil …]]` per store.
 */
const READ = `
local out = {}
for i = 1, #KEYS, 2 do
  out[#out + 1] = redis.call('GET', KEYS[i]) or ''
  out[#out + 1] = redis.call('HMGET', KEYS[i + 1], unpack(ARGV))
end
return out
`;

const FILL_COMMAND = 'qcAvailabilityStockFill';
const READ_COMMAND = 'qcAvailabilityStockRead';

/** Scripts defined without a fixed key count take it as their first argument. */
type Script<T> = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<T>;
type Scripts = Record<typeof FILL_COMMAND, Script<number>> & Record<typeof READ_COMMAND, Script<(string | (string | null)[])[]>>;

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
    if (!(FILL_COMMAND in redis)) redis.defineCommand(FILL_COMMAND, { lua: FILL_IF_UNCHANGED });
    if (!(READ_COMMAND in redis)) redis.defineCommand(READ_COMMAND, { lua: READ });
  }

  private get scripts(): Scripts {
    return this.redis as unknown as Scripts;
  }

  private stockKey = (storeId: string) => `${this.namespace}:stock:${storeId}`;
  private versionKey = (storeId: string) => `${this.namespace}:stock-version:${storeId}`;

  /** The cached free units of `productIds` in each store, in one round trip and one command. */
  async read(storeIds: readonly string[], productIds: readonly string[]): Promise<Map<string, CachedStoreStock>> {
    const found = new Map<string, CachedStoreStock>();
    if (storeIds.length === 0 || productIds.length === 0) return found;
    const keys: string[] = [];
    // The version is read before the entries: a change landing in between only costs a refill.
    for (const storeId of storeIds) keys.push(this.versionKey(storeId), this.stockKey(storeId));
    const replies = await this.scripts[READ_COMMAND](keys.length, ...keys, ...productIds);
    storeIds.forEach((storeId, i) => {
      const entries = replies[2 * i + 1] as (string | null)[];
      found.set(storeId, {
        version: replies[2 * i] as string,
        free: entries.map((value) => (value === null ? null : Number(value))),
      });
    });
    return found;
  }

  /**
   * Stores free units read from Postgres, per store, unless that store's stock changed since `read`
   * returned `version`. Every store in one call. Returns how many stores were written.
   */
  async fill(entries: ReadonlyMap<string, { version: string; free: ReadonlyMap<string, number> }>): Promise<number> {
    const keys: string[] = [];
    const args: (string | number)[] = [this.ttlMs];
    for (const [storeId, { version, free }] of entries) {
      if (free.size === 0) continue;
      keys.push(this.stockKey(storeId), this.versionKey(storeId));
      args.push(version, free.size);
      for (const [productId, units] of free) args.push(productId, units);
    }
    if (keys.length === 0) return 0;
    return this.scripts[FILL_COMMAND](keys.length, ...keys, ...args);
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
