import knex, { type Knex } from 'knex';
import pg from 'pg';

export type { Knex };

/** One migration, written as `migrations/<timestamp>_<what>.ts` and listed in that folder's `index.ts`. */
export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

export interface DbOptions {
  url: string;
  /** The Postgres schema this subgraph owns; every unqualified table name resolves there. */
  schema: string;
  poolMax?: number;
}

/**
 * A knex pool whose `search_path` is the subgraph's own schema, so migrations and repositories
 * use plain table names and a test can point the same code at a throwaway schema.
 */
export function createDb({ url, schema, poolMax = 10 }: DbOptions): Knex {
  return knex({
    client: 'pg',
    connection: url,
    searchPath: [schema, 'public'],
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) => {
        deferBegin(connection);
        done(null, connection);
      },
    },
  });
}

/** What knex sends to open, commit and roll back a top-level transaction. */
const BEGIN = 'BEGIN;';
const ENDS = new Set(['COMMIT;', 'ROLLBACK']);

/** The parts of pg's `Query` this file relies on (pg's types leave them out). */
interface PgQueryInternals {
  text?: string;
  name?: string;
  queryMode?: string;
  _results: unknown;
  requiresPreparation(): boolean;
  submit(connection: PgConnection): Error | null;
  handleError(error: Error, connection: PgConnection): void;
  handleReadyForQuery(connection: PgConnection): void;
}

/** pg's wire connection, as much of it as `BeginThenQuery` writes to. */
interface PgConnection {
  stream: { cork?(): void; uncork?(): void };
  parsedStatements: Record<string, string>;
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(config: { portal?: string; rows?: number }): void;
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/**
 * A transaction's first statement with its BEGIN in front, in one round trip: BEGIN as an unsynced
 * Parse/Bind/Execute, then the statement as pg sends it (with its Sync), so Postgres answers both
 * with one ReadyForQuery; BEGIN inside the pipeline's implicit block makes it a real transaction
 * that outlives the Sync, exactly as a BEGIN of its own would. A statement without parameters goes
 * as one simple query `BEGIN;<statement>`. Either way the caller gets the statement's own result.
 */
class BeginThenQuery extends (pg.Query as unknown as new (config: unknown, values: unknown, callback: QueryCallback) => PgQueryInternals) {
  private parsedBefore = false;

  override submit(connection: PgConnection): Error | null {
    if (!this.requiresPreparation()) {
      this.text = `${BEGIN}${this.text ?? ''}`;
      return super.submit(connection);
    }
    this.parsedBefore = this.name !== undefined && connection.parsedStatements[this.name] !== undefined;
    connection.stream.cork?.();
    try {
      connection.parse({ text: 'BEGIN', name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: [] });
      connection.execute({ portal: '', rows: 0 });
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleError(error: Error, connection: PgConnection): void {
    // BEGIN's ParseComplete made pg take a named statement for parsed; if its own Parse failed, it is not.
    if (this.name && !this.parsedBefore) delete connection.parsedStatements[this.name];
    super.handleError(error, connection);
  }

  override handleReadyForQuery(connection: PgConnection): void {
    // [BEGIN's result, the statement's result(s)…] → what the statement alone would have answered.
    if (Array.isArray(this._results)) {
      const own = this._results.slice(1);
      this._results = own.length === 1 ? own[0] : own;
    }
    super.handleReadyForQuery(connection);
  }
}

/**
 * Saves a round trip per transaction on this connection: knex's BEGIN is held back and goes out with
 * the transaction's first statement (see `BeginThenQuery`); a transaction that ends before any
 * statement sends nothing at all. A transaction's statements and its end are unchanged, and so is
 * what a statement's caller sees; it is the same transaction Postgres runs, opened a moment later
 * (nothing happens in it before its first statement anyway). Every way onto the connection goes
 * through `query`, `preparedStatement` included.
 */
function deferBegin(connection: pg.Client): void {
  const send = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  let pending = false;
  const answer = (result: unknown, callback: unknown): unknown => {
    if (typeof callback !== 'function') return Promise.resolve(result);
    process.nextTick(callback as QueryCallback, null, result);
    return undefined;
  };
  (connection as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    const plain = typeof config === 'string' || (typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit !== 'function');
    const text = typeof config === 'string' ? config : plain ? (config as { text?: string }).text : undefined;
    const bound = Array.isArray(values) ? values : plain ? (config as { values?: unknown[] }).values : undefined;
    const done = typeof values === 'function' ? values : callback;
    if (!pending) {
      if (text !== BEGIN || (bound?.length ?? 0) > 0) return send(config, values, callback);
      pending = true;
      return answer({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] }, done);
    }
    pending = false;
    if (text !== undefined && ENDS.has(text) && !bound?.length) return answer({ command: text.replace(';', ''), rowCount: null, oid: null, rows: [], fields: [] }, done);
    if (!plain) {
      // Something that writes its own messages (a cursor): BEGIN goes alone first, as knex would have sent it.
      send(BEGIN, () => undefined);
      return send(config, values, callback);
    }
    let settle = done as QueryCallback | undefined;
    const promise = settle ? undefined : new Promise((resolve, reject) => (settle = (error, result) => (error ? reject(error) : resolve(result))));
    send(new BeginThenQuery(config, Array.isArray(values) ? values : undefined, settle!));
    return promise;
  };
}

/**
 * A named prepared statement run straight on a connection of `db`'s pool (or of the transaction `db`
 * is), with Postgres' own placeholders (`$1`, `$2` …): Postgres parses and plans it once per connection,
 * and nothing is built per call. Through `db.raw(…).options({ name })` knex still compiled the bindings,
 * copied the query config and emitted its events on every call, costing more CPU than pg spent on the
 * query itself. For the hottest lookups only; knex's `'query'` events do not see these.
 */
export function preparedStatement<TRow>(name: string, text: string): (db: Knex, values: readonly unknown[]) => Promise<TRow[]> {
  return async (db, values) => {
    // What knex says of a query on a finished transaction, instead of running it outside the transaction.
    if (db.isTransaction && (db as Knex.Transaction).isCompleted()) throw new Error('Transaction query already complete');
    const connection = await db.client.acquireConnection();
    try {
      const { rows } = await connection.query({ name, text, values });
      return rows as TRow[];
    } finally {
      await db.client.releaseConnection(connection);
    }
  };
}

/** An explicit list instead of a folder scan: works the same under tsx, jest and compiled JS. */
class ListMigrationSource implements Knex.MigrationSource<Migration> {
  constructor(private readonly migrations: readonly Migration[]) {}
  async getMigrations() {
    return [...this.migrations];
  }
  getMigrationName(migration: Migration) {
    return migration.name;
  }
  async getMigration(migration: Migration) {
    return { up: migration.up, down: migration.down };
  }
}

/**
 * Creates the schema if needed and applies pending migrations; the bookkeeping table lives in the
 * same schema so subgraphs never share migration state.
 */
export async function migrate(db: Knex, schema: string, migrations: readonly Migration[]): Promise<string[]> {
  await db.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  const [, applied] = (await db.migrate.latest({
    migrationSource: new ListMigrationSource(migrations),
    schemaName: schema,
    tableName: 'knex_migrations',
  })) as [number, string[]];
  return applied;
}

/** Rolls every migration back (used by tests of `down`). */
export async function rollbackAll(db: Knex, schema: string, migrations: readonly Migration[]): Promise<void> {
  await db.migrate.rollback(
    { migrationSource: new ListMigrationSource(migrations), schemaName: schema, tableName: 'knex_migrations' },
    true,
  );
}

/** Postgres' `unique_violation`; with `constraint`, only a violation of that constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const { code, constraint: violated } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && (constraint === undefined || violated === constraint);
}

/**
 * `CREATE EXTENSION` is database-wide and races when several processes migrate at once
 * (Postgres raises a unique violation on its catalog); a lost race is as good as a win.
 */
export async function ensureExtension(db: Knex, extension: string): Promise<void> {
  try {
    await db.raw(`CREATE EXTENSION IF NOT EXISTS ${extension} WITH SCHEMA public`);
  } catch (error) {
    // 42710: duplicate_object, the same lost race seen from another catalog.
    if (!isUniqueViolation(error) && (error as { code?: string }).code !== '42710') throw error;
  }
}

/** Creates the database named in `url` when it is missing (the quick start runs on an empty server). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const db = knex({ client: 'pg', connection: admin.toString(), pool: { min: 0, max: 1 } });
  try {
    const found = await db.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
    if (found.rows.length === 0) {
      try {
        await db.raw('CREATE DATABASE ??', [name]);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Runs `then` once `trx` has committed, never on rollback: work that must only see committed state
 * (dropping a cache, waking a dispatcher) from inside a transaction someone else owns, such as an
 * event consumer's.
 */
export function afterCommit(trx: Knex.Transaction, then: () => unknown): void {
  trx.executionPromise.then(
    () => then(),
    () => undefined,
  );
}
