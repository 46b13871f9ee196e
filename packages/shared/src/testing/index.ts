import { randomUUID } from 'node:crypto';
import { createDb, migrate, type Knex, type Migration } from '../db';
import { connectNats, createRedis, type Redis } from '../connections';
import { requestTarget, signRequest, type Identity } from '../identity';
import { EventBus } from '../events';
import type { GraphQLResult } from '../service-client';
import { createLogger } from '../logger';
import type { SubgraphDeps, SubgraphServer } from '../subgraph-server';

/** Tests run against the real local services; these URLs can be overridden for other setups. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/** Tests sign with a secret of their own: outside development the published one is refused at start. */
export const TEST_HMAC_SECRET = 'test-only-gateway-hmac-secret-0123456789';

/** A schema name no other test file uses, so files run in parallel on one database. */
export const uniqueSchema = (prefix: string): string =>
  `${prefix}_t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export interface TestDb {
  db: Knex;
  schema: string;
  /** Drops the schema and closes the pool. */
  drop(): Promise<void>;
}

/** A fresh Postgres schema with the subgraph's migrations applied. */
export async function createTestDb(prefix: string, migrations: readonly Migration[]): Promise<TestDb> {
  const schema = uniqueSchema(prefix);
  const db = createDb({ url: TEST_DATABASE_URL, schema, poolMax: 5 });
  await migrate(db, schema, migrations);
  return {
    db,
    schema,
    drop: async () => {
      await db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await db.destroy();
    },
  };
}

export interface TestDeps extends SubgraphDeps {
  schema: string;
  close(): Promise<void>;
}

/**
 * Real Postgres (a throwaway schema), Redis and NATS for one test file. Events go to a stream of
 * their own unless `eventsPrefix` is given (end-to-end tests share one across subgraphs).
 */
export async function createTestDeps(prefix: string, migrations: readonly Migration[], opts: { eventsPrefix?: string } = {}): Promise<TestDeps> {
  const { db, schema, drop } = await createTestDb(prefix, migrations);
  const redis = createRedis(TEST_REDIS_URL);
  const nats = await connectNats(TEST_NATS_URL, `test-${prefix}`);
  const events = new EventBus(nats, opts.eventsPrefix ?? schema);
  await events.ensureStream();
  return {
    events,
    db,
    schema,
    namespace: schema,
    redis,
    nats,
    log: createLogger(`test-${prefix}`, process.env.TEST_LOG_LEVEL ?? 'silent'),
    close: async () => {
      if (!opts.eventsPrefix) await events.destroy();
      // Every key a subgraph writes starts with its namespace; some (the courier geo index, the store
      // index) have no TTL, so without this each run left them in the shared Redis for good.
      await deleteKeys(redis, `${schema}:*`).catch(() => undefined);
      await Promise.allSettled([nats.drain(), redis.quit()]);
      await drop();
    },
  };
}

/** Deletes the keys matching `pattern`, a SCAN page at a time (a test's keys, never a shared prefix). */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

export type GraphQLResponse<T = Record<string, unknown>> = GraphQLResult<T>;

/** Posts a GraphQL operation to `url` signed like the gateway does (or unsigned, to test refusal). */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  opts: { identity?: Identity | null; sign?: boolean; secret?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const signed =
    opts.sign === false
      ? {}
      : signRequest(opts.secret ?? TEST_HMAC_SECRET, { method: 'POST', target: requestTarget(url), body }, opts.identity ?? null, randomUUID());
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signed, ...opts.headers },
    body,
  });
  const json = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...json };
}

/** Starts a built subgraph server on a free port and returns its GraphQL URL. */
export async function listenOnFreePort(server: SubgraphServer): Promise<string> {
  const port = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}/graphql`;
}
export * from './wait';
export * from './contracts';
export * from './private-servers';
export * from './tcp-proxy';
export * from './subgraph';
