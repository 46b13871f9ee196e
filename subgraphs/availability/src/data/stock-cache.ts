import { DependencyDownError, type Redis } from '@qc/shared';

/** A memory bound, not the freshness mechanism: entries are invalidated on every change. Renewed while a store is read. */
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
 * The field that marks a store's hash as holding its whole stock (`warm`): every product the store carries
 * has an entry, so a product without one is a product it does not carry (0 free). No product id is blank
 * (`assertProductIds`), so no product's entry can be this field.
 */
const COMPLETE_FIELD = '';
/**
 * What an invalidation leaves in a hash that exists: "ask Postgres". Deleting the entry would not do once
 * the hash is complete (a missing entry there reads as 0, a stale number served as fresh).
 */
const TOMBSTONE = '-';

/**
 * Reads each store's version and then its entries for the products asked (ARGV), every store in one call
 * rather than two commands per store: the command count, not Redis's work, is most of a lookup's cost
 * here. A hash read with less than half its TTL left gets the whole TTL again: the TTL bounds the memory of
 * stores nobody asks about, and a store asked about all the time would otherwise expire, warmed stores all
 * ~10 minutes after the start, and be missed and warmed again together (writes once per half TTL, not per
 * read). KEYS = (version, stock) per store; ARGV = ttl, then the products. Replies `[version or '', complete 0|1, [units or nil …]]` per
 * store, units as integers (no string to parse per entry): nil for a miss (no entry in a hash that is not
 * complete, or a tombstone), 0 for a product a complete hash has no entry for.
 */
const READ = `
local out = {}
local ttl = tonumber(ARGV[1])
for i = 1, #KEYS, 2 do
  out[#out + 1] = redis.call('GET', KEYS[i]) or ''
  local values = redis.call('HMGET', KEYS[i + 1], '${COMPLETE_FIELD}', unpack(ARGV, 2))
  local left = redis.call('PTTL', KEYS[i + 1])
  if left >= 0 and left < ttl / 2 then redis.call('PEXPIRE', KEYS[i + 1], ttl) end
  local complete = values[1] == '1'
  local free = {}
  for j = 2, #values do
    local value = values[j]
    local units = value and tonumber(value)
    if units then free[j - 1] = units elseif complete and not value then free[j - 1] = 0 else free[j - 1] = false end
  end
  out[#out + 1] = complete and 1 or 0
  out[#out + 1] = free
end
return out
`;

/**
 * Drops changed entries and moves their stores' versions, atomically. KEYS = (version, stock) per line,
 * ARGV = product per line. The entry becomes a tombstone rather than disappearing, and only in a hash
 * that exists (no key without its TTL is created for a store nobody asked about).
 */
const INVALIDATE = `
for i = 1, #KEYS, 2 do
  redis.call('INCR', KEYS[i])
  if redis.call('EXISTS', KEYS[i + 1]) == 1 then redis.call('HSET', KEYS[i + 1], ARGV[(i + 1) / 2], '${TOMBSTONE}') end
end
return #KEYS / 2
`;

/**
 * One slice of a store's whole stock, as Postgres wrote it (a JSON object product id → free units), written
 * only if the store's version is still the one read before Postgres was asked (as `FILL_IF_UNCHANGED`).
 * JSON in one argument rather than a field/value pair per product: the per-row work in pg and the
 * per-argument work in ioredis blocked the process's event loop for milliseconds per store. A slice and
 * not the whole store: Redis runs one script at a time for every client of every stack, and a store's
 * ~4,300 products in one call held it 8–19 ms at load 10 (cjson.decode 3–4 ms of it, the HSETs the rest;
 * 4,284 fields in a plain HSET alone took 7–13 ms), so every rate-limit check, replay check and lookup
 * behind it waited that long; a slice of `STOCK_SLICE` products holds it well under a millisecond.
 * KEYS = stock, version; ARGV = ttl, version, JSON. Returns 1 when written, 0 when refused.
 */
const WARM_SLICE_IF_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then return 0 end
local batch = {}
for product, units in pairs(cjson.decode(ARGV[3])) do
  batch[#batch + 1] = product
  batch[#batch + 1] = units
  -- In slices: unpack() cannot spread many thousand values (Lua's stack holds ~8,000).
  if #batch == 1000 then
    redis.call('HSET', KEYS[1], unpack(batch))
    batch = {}
  end
end
if #batch > 0 then redis.call('HSET', KEYS[1], unpack(batch)) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

/**
 * Marks a store's hash complete once every slice is in, if the store's version is still the one read
 * before Postgres was asked: no change committed since that read (every change moves the version), so
 * the slices written are the store's whole stock as it is now. KEYS = stock, version; ARGV = ttl,
 * version. Returns 1 when marked, 0 when refused.
 */
const COMPLETE_IF_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], '${COMPLETE_FIELD}', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`;

const FILL_COMMAND = 'qcAvailabilityStockFill';
const READ_COMMAND = 'qcAvailabilityStockRead';
const INVALIDATE_COMMAND = 'qcAvailabilityStockInvalidate';
const WARM_SLICE_COMMAND = 'qcAvailabilityStockWarmSlice';
const COMPLETE_COMMAND = 'qcAvailabilityStockComplete';

/** Scripts defined without a fixed key count take it as their first argument. */
type Script<T> = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<T>;
/** READ's answer: per store asked, its version, 1 if its hash is complete, and the free units of each product (null: no entry). */
type ReadReply = (string | number | (number | null)[])[];
type Scripts = Record<typeof FILL_COMMAND | typeof INVALIDATE_COMMAND | typeof WARM_SLICE_COMMAND | typeof COMPLETE_COMMAND, Script<number>> & Record<typeof READ_COMMAND, Script<ReadReply>>;

/** READ's answer as each store's cached stock. */
function readReply(storeIds: readonly string[], reply: ReadReply): Map<string, CachedStoreStock> {
  const found = new Map<string, CachedStoreStock>();
  storeIds.forEach((storeId, i) => {
    found.set(storeId, { version: reply[3 * i] as string, complete: reply[3 * i + 1] === 1, free: reply[3 * i + 2] as (number | null)[] });
  });
  return found;
}

/** What the cache holds for one store: its version at read time and the free units per product asked (null = not cached). */
export interface CachedStoreStock {
  version: string;
  free: (number | null)[];
  /** The hash holds the store's whole stock (`warm`); false: only what lookups asked for. */
  complete: boolean;
}

/**
 * Free units per (store, product) in Redis: one hash per store (`<ns>:stock:<storeId>`, field =
 * product id, value = on hand − reserved; 0 for a product the store does not carry) and a version
 * counter per store (`<ns>:stock-version:<storeId>`). Entries are filled on demand from Postgres (the
 * pairs a lookup missed, and a store's whole stock once it is asked about: `warm`) and dropped on every
 * stock change, so the cache holds the stock of the stores customers ask about and nothing else.
 */
export class StockCache {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly ttlMs = STOCK_CACHE_TTL_MS,
  ) {
    if (!(FILL_COMMAND in redis)) redis.defineCommand(FILL_COMMAND, { lua: FILL_IF_UNCHANGED });
    if (!(READ_COMMAND in redis)) redis.defineCommand(READ_COMMAND, { lua: READ });
    if (!(INVALIDATE_COMMAND in redis)) redis.defineCommand(INVALIDATE_COMMAND, { lua: INVALIDATE });
    if (!(WARM_SLICE_COMMAND in redis)) redis.defineCommand(WARM_SLICE_COMMAND, { lua: WARM_SLICE_IF_UNCHANGED });
    if (!(COMPLETE_COMMAND in redis)) redis.defineCommand(COMPLETE_COMMAND, { lua: COMPLETE_IF_UNCHANGED });
  }

  private get scripts(): Scripts {
    return this.redis as unknown as Scripts;
  }

  private stockKey = (storeId: string) => `${this.namespace}:stock:${storeId}`;
  private versionKey = (storeId: string) => `${this.namespace}:stock-version:${storeId}`;

  /** The cached free units of `productIds` in each store, in one round trip and one command. */
  async read(storeIds: readonly string[], productIds: readonly string[]): Promise<Map<string, CachedStoreStock>> {
    if (storeIds.length === 0 || productIds.length === 0) return new Map();
    const keys = this.readKeys(storeIds);
    return readReply(storeIds, await this.scripts[READ_COMMAND](keys.length, ...keys, this.ttlMs, ...productIds));
  }

  /** READ's keys: each store's version, read before its entries (a change landing in between only costs a refill), and its hash. */
  private readKeys(storeIds: readonly string[]): string[] {
    const keys: string[] = [];
    for (const storeId of storeIds) keys.push(this.versionKey(storeId), this.stockKey(storeId));
    return keys;
  }

  /**
   * `read`, with another key's value (`alsoGet`, read first) in the same round trip: the store index's
   * version, which says whether the stores `storeIds` were chosen from are still the index's.
   */
  async readWith(alsoGet: string, storeIds: readonly string[], productIds: readonly string[]): Promise<{ also: string | null; stock: Map<string, CachedStoreStock> }> {
    const pipeline = this.redis.pipeline().get(alsoGet);
    // READ with no store or product answers nothing, as `read` does without asking.
    const asks = storeIds.length > 0 && productIds.length > 0;
    if (asks) {
      const keys = this.readKeys(storeIds);
      (pipeline as unknown as Record<typeof READ_COMMAND, (...args: (string | number)[]) => unknown>)[READ_COMMAND](keys.length, ...keys, this.ttlMs, ...productIds);
    }
    const replies = await pipeline.exec();
    if (!replies) throw new Error('redis pipeline was aborted');
    for (const [error] of replies) if (error) throw error;
    return { also: replies[0]![1] as string | null, stock: asks ? readReply(storeIds, replies[1]![1] as ReadReply) : new Map() };
  }

  /** A store's version now ('' before its first change): read it before reading Postgres for `warm`. */
  async version(storeId: string): Promise<string> {
    return (await this.redis.get(this.versionKey(storeId))) ?? '';
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
   * Stores a store's whole stock, read from Postgres after `version` was, slice by slice (`slices`: JSON
   * objects product id → free units, as `StockRepository.freeUnitsOfStoreSlices` gives them), one call
   * each so Redis serves other clients in between, then marks its hash complete, so a product without
   * an entry reads as 0 and lookups there need Postgres only for what changed since. Refused, like
   * `fill`, as soon as the store's stock changed since `version`: the slices already written stay (each
   * was current when written, and a change since left a tombstone), but the hash is not marked
   * complete. Returns whether it was.
   */
  async warm(storeId: string, version: string, slices: Iterable<string> | AsyncIterable<string>): Promise<boolean> {
    const keys = [this.stockKey(storeId), this.versionKey(storeId)];
    for await (const slice of slices) {
      if ((await this.scripts[WARM_SLICE_COMMAND](2, ...keys, this.ttlMs, version, slice)) !== 1) return false;
    }
    return (await this.scripts[COMPLETE_COMMAND](2, ...keys, this.ttlMs, version)) === 1;
  }

  /**
   * Drops the cached entries of changed stock lines (a tombstone: a miss, even in a complete hash) and
   * moves their stores' versions, in one atomic call. Call after commit.
   * Fails at once while Redis is not connected rather than holding a stock change for the client's
   * reconnect attempts: the `inventory.changed` consumer drops the entries once Redis is back, and a
   * reconnect empties the cache anyway (see the workers).
   */
  async invalidate(lines: readonly { storeId: string; productId: string }[]): Promise<void> {
    if (lines.length === 0) return;
    if (this.redis.status !== 'ready') throw new DependencyDownError(`redis is ${this.redis.status}; stock cache not invalidated`);
    const keys: string[] = [];
    for (const { storeId } of lines) keys.push(this.versionKey(storeId), this.stockKey(storeId));
    await this.scripts[INVALIDATE_COMMAND](keys.length, ...keys, ...lines.map((line) => line.productId));
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
