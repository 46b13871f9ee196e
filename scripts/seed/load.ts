/**
 * Writes a generated city through each subgraph's own repositories: connect to the subgraph's
 * schema, migrate it, then load in batches. Re-running is safe: every repository upserts or skips
 * ids it already has.
 */
import { createDb, createRedis, ensureDatabase, migrate, redisNamespace, SUBGRAPHS, subgraphConfig, withTimeout, type Knex, type Redis, type SubgraphConfig, type SubgraphName } from '@qc/shared';
import { createRepositories as availabilityRepositories } from '../../subgraphs/availability/src/data';
import { createRepositories as catalogRepositories } from '../../subgraphs/catalog/src/data';
import { createRepositories as deliveryRepositories } from '../../subgraphs/delivery/src/data';
import { createRepositories as fulfillmentRepositories } from '../../subgraphs/fulfillment/src/data';
import { createRepositories as ordersRepositories } from '../../subgraphs/orders/src/data';
import { createRepositories as trackingRepositories } from '../../subgraphs/tracking/src/data';
import { MIGRATIONS } from '../migrate';
import { writeInBatches } from './batches';
import { generateCity, type City, type CityOptions } from './city';
import { formatCount, formatSeconds, progressLine, summaryLines, Throttle, type StepResult } from './progress';

/** What to generate; anything left out takes the generator's default (`now` defaults to the real now). */
export type SeedOptions = Partial<CityOptions>;

export interface SeedHooks {
  /** Receives one line at a time: progress (at most about one a second), step results, the summary. */
  onProgress?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Records per repository call. */
  batchSize?: number;
  /** Stock batches in flight at once. */
  concurrency?: number;
}

export interface SeedSummary {
  options: CityOptions;
  steps: StepResult[];
  totalMs: number;
}

/** Every repository call gets at most this many records (their contract). */
export const BATCH_SIZE = 5_000;
/** Stock batches written at once: more only makes them queue on the same table and indexes. */
export const STOCK_CONCURRENCY = 3;

/** A service the seed needs did not answer; the message is one line naming it and where it was looked for. */
export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';

  constructor(
    readonly service: 'Postgres' | 'Redis',
    readonly url: string,
    cause: unknown,
  ) {
    super(`Cannot reach ${service} at ${redactUrl(url)}: ${describeCause(cause)}`, { cause });
  }
}

/** The URL with any password replaced, so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  '28P01', // password authentication failed
  '28000', // no pg_hba.conf entry / role does not exist
  '3D000', // database does not exist
  '57P03', // the database system is starting up
]);

/** True for errors that mean "could not connect", as opposed to a bad statement. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; errors?: unknown[]; name?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true;
  return e.name === 'KnexTimeoutError' || /Connection is closed|connect ECONNREFUSED|Reached the max retries/.test(e.message ?? '');
}

function describeCause(cause: unknown): string {
  const e = cause as { code?: string; message?: string; errors?: { message?: string }[] };
  const message = e?.message || e?.errors?.[0]?.message || e?.code || String(cause);
  return message.split('\n')[0]!;
}

/** True when catalog already has products: the sign that this database was seeded. */
export async function isSeeded(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const config = subgraphConfig('catalog', env);
  const db = createDb({ url: config.databaseUrl, schema: config.dbSchema, poolMax: 1 });
  try {
    const table = await db.raw<{ rows: { name: string | null }[] }>('SELECT to_regclass(?)::text AS name', [`${config.dbSchema}.products`]);
    if (!table.rows[0]?.name) return false;
    const found = await db.raw<{ rows: { seeded: boolean }[] }>('SELECT EXISTS (SELECT 1 FROM ??.products) AS seeded', [config.dbSchema]);
    return found.rows[0]?.seeded === true;
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return false;
    if (isConnectionError(error)) throw new ServiceUnavailableError('Postgres', config.databaseUrl, error);
    throw error;
  } finally {
    await db.destroy();
  }
}

/** Seeds unless catalog already has products (what `npm start` runs); resolves null when it skipped. */
export async function seedIfEmpty(options: SeedOptions = {}, hooks: SeedHooks = {}): Promise<SeedSummary | null> {
  const env = hooks.env ?? process.env;
  if (await isSeeded(env)) {
    hooks.onProgress?.('catalog already has products; not seeding (run `npm run seed` to load the demo city again)');
    return null;
  }
  return seedCity(options, hooks);
}

/**
 * Generates the city and writes it, subgraph by subgraph. Catalog goes last: `isSeeded` looks at
 * its products, so a seed interrupted half-way is seen as "not seeded" and done again next time.
 */
export async function seedCity(options: SeedOptions = {}, hooks: SeedHooks = {}): Promise<SeedSummary> {
  const env = hooks.env ?? process.env;
  const batchSize = hooks.batchSize ?? BATCH_SIZE;
  const concurrency = hooks.concurrency ?? STOCK_CONCURRENCY;
  const throttle = new Throttle(hooks.onProgress ?? (() => undefined));
  const started = performance.now();

  for (const url of new Set(names().map((name) => subgraphConfig(name, env).databaseUrl))) {
    try {
      await ensureDatabase(url);
    } catch (error) {
      if (isConnectionError(error)) throw new ServiceUnavailableError('Postgres', url, error);
      throw error;
    }
  }

  // Checked before anything is written, so a missing Redis does not leave a half-seeded database.
  const redis = await connectRedis(subgraphConfig('tracking', env).REDIS_URL);
  try {
    const written = await writeCity(options, { env, batchSize, concurrency, throttle, redis });
    const totalMs = performance.now() - started;
    for (const line of summaryLines(written.steps, totalMs)) throttle.always(line);
    return { ...written, totalMs };
  } finally {
    redis.disconnect();
  }
}

interface WriteContext {
  env: NodeJS.ProcessEnv;
  batchSize: number;
  concurrency: number;
  throttle: Throttle;
  redis: Redis;
}

async function writeCity(options: SeedOptions, { env, batchSize, concurrency, throttle, redis }: WriteContext): Promise<Omit<SeedSummary, 'totalMs'>> {
  const steps: StepResult[] = [];
  const generated = performance.now();
  const city = generateCity({ now: new Date(), ...options });
  const o = city.options;
  const stockRows = city.stockRowCount();
  throttle.always(
    `city generated in ${formatSeconds(performance.now() - generated)} (seed ${o.seed}): ${formatCount(o.stores)} stores, ` +
      `${formatCount(o.products)} products, ${formatCount(stockRows)} stock rows, ${formatCount(o.couriers)} couriers, ` +
      `${formatCount(o.customers)} customers, ${formatCount(o.orders)} orders`,
  );

  /** Writes one kind of record and reports on it. */
  const load: Loader = async (subgraph, what, records, total, write, parallel) => {
    const stepStarted = performance.now();
    let done = 0;
    const label = `${subgraph}.${what}`;
    try {
      await writeInBatches(records, write, {
        batchSize,
        concurrency: parallel === 'stock' ? concurrency : 1,
        onWritten: (rows) => {
          done += rows;
          throttle.maybe(() => progressLine(label, done, total, performance.now() - stepStarted));
        },
      });
    } catch (error) {
      if (isConnectionError(error)) throw new ServiceUnavailableError('Postgres', subgraphConfig(subgraph, env).databaseUrl, error);
      throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
    }
    const ms = performance.now() - stepStarted;
    steps.push({ subgraph, what, rows: done, ms });
    throttle.always(`${label}: ${formatCount(done)} rows in ${formatSeconds(ms)}`);
  };

  let existing = new Set<string>();
  await withSubgraph('orders', env, throttle, async (db) => {
    existing = await existingOrderIds(db, city.orders.map((order) => order.id), batchSize);
  });
  if (existing.size) throttle.always(`${formatCount(existing.size)} of the orders exist already; their live records are left as they are`);
  const toWrite = withoutOrders(city, existing);
  for (const name of SEED_ORDER) {
    await withSubgraph(
      name,
      env,
      throttle,
      async (db, config) => {
        await writeSubgraph(name, toWrite, { db, redis, namespace: redisNamespace(config), load });
        await analyzeSchema(db, name, config.dbSchema, throttle);
      },
      name === 'availability' ? concurrency + 1 : 2,
    );
  }

  return { options: o, steps };
}

const names = (): SubgraphName[] => SUBGRAPHS.map((s) => s.name);

/**
 * Fresh planner statistics for a subgraph's tables right after the bulk load. Autovacuum would get
 * to them eventually (it is off on some machines, this project's CI among them); until then the
 * planner guesses from empty tables — stock estimates were seen 90× off — and picks plans for them.
 */
async function analyzeSchema(db: Knex, name: SubgraphName, schema: string, throttle: Throttle): Promise<void> {
  const started = performance.now();
  const { rows } = await db.raw<{ rows: { tablename: string }[] }>('SELECT tablename FROM pg_tables WHERE schemaname = ?', [schema]);
  if (!rows.length) return;
  await db.raw(`ANALYZE ${rows.map(() => '??.??').join(', ')}`, rows.flatMap((r) => [schema, r.tablename]));
  throttle.always(`${name}: planner statistics for ${rows.length} tables in ${formatSeconds(performance.now() - started)}`);
}

/**
 * Writes one kind of record in batches. `seedCity` reports progress around it; a test fixture just
 * writes. `parallel: 'stock'` marks the one step worth running several batches of at once.
 */
export type Loader = <T>(subgraph: SubgraphName, what: string, records: Iterable<T>, total: number, write: (batch: T[]) => Promise<void>, parallel?: 'stock') => Promise<void>;

/** Where one subgraph's part of the city goes: its schema's knex, and for tracking Redis and its key namespace. */
export interface SubgraphTarget {
  db: Knex;
  redis: Redis;
  namespace: string;
  load: Loader;
}

/** The order subgraphs are written in. Catalog goes last: `isSeeded` looks at its products. */
export const SEED_ORDER: readonly SubgraphName[] = ['availability', 'orders', 'fulfillment', 'delivery', 'tracking', 'catalog'];

async function existingOrderIds(db: Knex, ids: readonly string[], batchSize: number): Promise<Set<string>> {
  const repos = ordersRepositories(db);
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += batchSize) for (const order of await repos.orders.findByIds(ids.slice(i, i + batchSize))) found.add(order.id);
  return found;
}

/**
 * The city minus the follow-up records (pick lines, dispatch, offers, tracking) of orders already in
 * the database: a re-run must not rewind what happened to them since (every base record is an upsert
 * or skipped anyway).
 */
export function withoutOrders(city: City, existing: ReadonlySet<string>): City {
  if (existing.size === 0) return city;
  const fresh = <T extends { orderId: string }>(records: readonly T[]) => records.filter((r) => !existing.has(r.orderId));
  const freshTasks = new Set(fresh(city.pickTasks).map((t) => t.id));
  return {
    ...city,
    pickLines: city.pickLines.filter((l) => freshTasks.has(l.taskId)),
    dispatchJobs: fresh(city.dispatchJobs),
    offers: fresh(city.offers),
    preparations: fresh(city.preparations),
    trackedDeliveries: city.trackedDeliveries.filter((d) => !existing.has(d.assigned.orderId)),
  };
}

/** A Loader that only writes, batch after batch (for test fixtures). */
export const plainLoader =
  (batchSize = BATCH_SIZE): Loader =>
  (_subgraph, _what, records, _total, write) =>
    writeInBatches(records, write, { batchSize, concurrency: 1 }).then(() => undefined);

/**
 * Writes the city's records of one subgraph through that subgraph's own repositories, the way its
 * use cases and event consumers would have written them.
 */
export async function writeSubgraph(name: SubgraphName, city: City, { db, redis, namespace, load }: SubgraphTarget): Promise<void> {
  const customerOf = new Map(city.orders.map((o) => [o.id, o.customerId]));
  switch (name) {
    case 'availability': {
      const repos = availabilityRepositories(db);
      await load(name, 'stores', city.stores, city.stores.length, (b) => repos.stores.upsertMany(b));
      await load(name, 'stock', city.stock(), city.stockRowCount(), (b) => repos.stock.upsertMany(b), 'stock');
      return;
    }
    case 'orders': {
      const repos = ordersRepositories(db);
      await load(name, 'customers', city.customers, city.customers.length, (b) => repos.customers.upsertMany(b));
      await load(name, 'orders', city.orders, city.orders.length, (b) => repos.orders.insertMany(b));
      return;
    }
    case 'fulfillment': {
      const repos = fulfillmentRepositories(db);
      await load(name, 'pick tasks', city.pickTasks, city.pickTasks.length, (b) => repos.pickTasks.insertMany(b));
      await load(name, 'pick task lines', city.pickLines, city.pickLines.length, async (b) => {
        for (const task of b) await repos.pickTaskItems.insertForTask(task.taskId, task.lines);
      });
      return;
    }
    case 'delivery': {
      const repos = deliveryRepositories(db);
      await load(name, 'couriers', city.couriers, city.couriers.length, (b) => repos.couriers.upsertMany(b));
      await load(name, 'deliveries', city.deliveries, city.deliveries.length, (b) => repos.deliveries.insertMany(b));
      await load(name, 'dispatch jobs', city.dispatchJobs, city.dispatchJobs.length, async (b) => {
        // With the store's location, as the dispatcher would look it up from availability before its first search.
        await repos.dispatchJobs.recordConfirmedMany(
          b.map((job) => ({ orderId: job.orderId, storeId: job.storeId, dropoff: job.dropoffLocation, confirmedAt: job.confirmedAt, customerId: customerOf.get(job.orderId) ?? null, storeLocation: job.storeLocation })),
        );
        for (const job of b) {
          if (job.promisedReadyAt) await repos.dispatchJobs.recordTaskCreated(job.orderId, job.storeId, job.promisedReadyAt);
          if (job.packedAt) await repos.dispatchJobs.recordPacked(job.orderId, job.storeId, job.packedAt);
          if (job.status !== 'WAITING') await repos.dispatchJobs.update(job.orderId, ['WAITING'], { status: job.status, deliveryId: job.deliveryId!, attempts: 1 });
        }
      });
      await load(name, 'offers', city.offers, city.offers.length, async (b) => {
        for (const offer of b) if (!(await repos.offers.findByIds([offer.id])).length) await repos.offers.insert(offer);
      });
      return;
    }
    case 'tracking': {
      const repos = trackingRepositories(db, redis, namespace);
      await load(name, 'positions', city.positions, city.positions.length, (b) => repos.positions.saveLatest(b));
      await load(name, 'preparation', city.preparations, city.preparations.length, async (b) => {
        for (const p of b) {
          await repos.deliveries.recordTaskCreated(p);
          if (p.packedAt) await repos.deliveries.recordPacked({ ...p, packedAt: p.packedAt });
        }
      });
      // Who ordered: tracking learns it from orders.confirmed, so every order that was confirmed has it
      // (its customer may then see its ETA and follow its courier), not only the orders under way.
      const confirmed = city.orders.filter((o) => o.history.some((change) => change.to === 'CONFIRMED'));
      await load(name, 'order customers', confirmed, confirmed.length, (b) =>
        repos.deliveries.recordCustomers(b.map((order) => ({ orderId: order.id, customerId: order.customerId }))),
      );
      await load(name, 'live deliveries', city.trackedDeliveries, city.trackedDeliveries.length, async (b) => {
        for (const { assigned, pickedUpAt } of b) {
          await repos.deliveries.recordAssigned(assigned);
          if (pickedUpAt) await repos.deliveries.recordPickedUp({ ...assigned, at: pickedUpAt });
        }
        // The Redis mirror that links a courier's reports to the order they carry, as the consumers keep it.
        for (const delivery of await repos.deliveries.findActiveByCourierIds(b.map((d) => d.assigned.courierId))) {
          await repos.live.setDelivery(delivery.courierId, delivery, null);
        }
      });
      return;
    }
    case 'catalog': {
      const repos = catalogRepositories(db);
      await load(name, 'categories', city.categories, city.categories.length, (b) => repos.categories.upsertMany(b));
      await load(name, 'products', city.products, city.products.length, (b) => repos.products.upsertMany(b));
      return;
    }
  }
}

/** Connects to the subgraph's own schema, migrates it, runs `work`, and always closes the pool. */
async function withSubgraph(
  name: SubgraphName,
  env: NodeJS.ProcessEnv,
  throttle: Throttle,
  work: (db: Knex, config: SubgraphConfig) => Promise<void>,
  poolMax = 2,
): Promise<void> {
  const config = subgraphConfig(name, env);
  const db = createDb({ url: config.databaseUrl, schema: config.dbSchema, poolMax });
  try {
    let applied: string[];
    try {
      applied = await migrate(db, config.dbSchema, MIGRATIONS[name]);
    } catch (error) {
      if (isConnectionError(error)) throw new ServiceUnavailableError('Postgres', config.databaseUrl, error);
      throw new Error(`${name}: migrating failed: ${(error as Error).message}`, { cause: error });
    }
    if (applied.length) throttle.always(`${name}: applied ${applied.join(', ')}`);
    await work(db, config);
  } finally {
    await db.destroy();
  }
}

/** A Redis client that has answered PING, or a ServiceUnavailableError naming the URL. */
async function connectRedis(url: string): Promise<Redis> {
  const redis = createRedis(url);
  let lastError: unknown = null;
  // ioredis reports connection trouble as events; without a listener they are printed as "unhandled".
  redis.on('error', (error) => (lastError = error));
  try {
    await withTimeout(redis.ping(), 3_000, 'Redis');
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new ServiceUnavailableError('Redis', url, lastError ?? error);
  }
}
