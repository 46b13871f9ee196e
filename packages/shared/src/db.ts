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
  portal?: string;
  queryMode?: string;
  _results: unknown;
  requiresPreparation(): boolean;
  submit(connection: PgConnection): Error | null;
  _getRows(connection: PgConnection, rows?: number): void;
  handleError(error: Error, connection: PgConnection): void;
  handleReadyForQuery(connection: PgConnection): void;
}

/** pg's wire connection, as much of it as `TransactionQuery` writes to. */
interface PgConnection {
  stream: { cork?(): void; uncork?(): void };
  parsedStatements: Record<string, string>;
  parse(query: { text: string; name?: string; types?: unknown[] }): void;
  bind(config: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(config: { portal?: string; rows?: number }): void;
  sync(): void;
}

type QueryCallback = (error: Error | null, result?: unknown) => void;

/** Writes one parameterless statement as an unsynced Parse/Bind/Execute: it runs in the caller's pipeline. */
function pipelined(connection: PgConnection, text: string): void {
  connection.parse({ text, name: '', types: [] });
  connection.bind({ portal: '', statement: '', values: [] });
  connection.execute({ portal: '', rows: 0 });
}

/**
 * A statement with its transaction's BEGIN in front (`opens`), its COMMIT behind (`commits`), or both,
 * in one round trip: BEGIN as an unsynced Parse/Bind/Execute, then the statement as pg sends it, then
 * COMMIT the same way before the statement's Sync, so Postgres answers all with one ReadyForQuery. BEGIN
 * inside the pipeline's implicit block makes it a real transaction that outlives the Sync, exactly as a
 * BEGIN of its own would; a statement that fails makes Postgres skip the rest up to the Sync, so its
 * COMMIT never runs and the transaction is left aborted, for the caller's ROLLBACK, as it would be alone.
 * A statement without parameters goes as one simple query `BEGIN;<statement>;COMMIT;`. Either way the
 * caller gets the statement's own result.
 */
class TransactionQuery extends (pg.Query as unknown as new (config: unknown, values: unknown, callback: QueryCallback) => PgQueryInternals) {
  private parsedBefore = false;
  private readonly opens: boolean;
  private readonly commits: boolean;

  constructor(config: unknown, values: unknown, callback: QueryCallback, wraps: { opens: boolean; commits: boolean }) {
    super(config, values, callback);
    this.opens = wraps.opens;
    this.commits = wraps.commits;
  }

  override submit(connection: PgConnection): Error | null {
    if (!this.requiresPreparation()) {
      this.text = `${this.opens ? BEGIN : ''}${this.text ?? ''}${this.commits ? ';COMMIT;' : ''}`;
      return super.submit(connection);
    }
    this.parsedBefore = this.name !== undefined && connection.parsedStatements[this.name] !== undefined;
    connection.stream.cork?.();
    try {
      if (this.opens) pipelined(connection, 'BEGIN');
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override _getRows(connection: PgConnection, rows?: number): void {
    if (!this.commits || rows) return super._getRows(connection, rows);
    connection.execute({ portal: this.portal, rows });
    pipelined(connection, 'COMMIT');
    connection.sync();
  }

  override handleError(error: Error, connection: PgConnection): void {
    // BEGIN's ParseComplete made pg take a named statement for parsed; if its own Parse failed, it is not.
    if (this.opens && this.name && !this.parsedBefore) delete connection.parsedStatements[this.name];
    super.handleError(error, connection);
  }

  override handleReadyForQuery(connection: PgConnection): void {
    // [BEGIN's result, the statement's result(s)…, COMMIT's result] → what the statement alone would have answered.
    if (Array.isArray(this._results)) {
      const own = this._results.slice(this.opens ? 1 : 0, this.commits ? -1 : undefined);
      this._results = own.length === 1 ? own[0] : own;
    }
    super.handleReadyForQuery(connection);
  }
}

/**
 * Saves round trips per transaction on this connection. knex's BEGIN is held back and goes out with the
 * transaction's first statement; a transaction that ends before any statement sends nothing at all. A
 * statement sent with `commit: true` in its config (`preparedStatement`'s `endsTransaction`) carries the
 * COMMIT with it, and knex's own COMMIT after it is answered here. The statements are unchanged, and so is
 * what a statement's caller sees; it is the same transaction Postgres runs, opened a moment later (nothing
 * happens in it before its first statement anyway) and committed a moment sooner (nothing happens in it
 * after its last). Every way onto the connection goes through `query`, `preparedStatement` included.
 */
function deferBegin(connection: pg.Client): void {
  const send = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  /** none: outside a transaction; deferred: knex's BEGIN held back; open: BEGIN sent; committed: COMMIT sent with a statement. */
  let state: 'none' | 'deferred' | 'open' | 'committed' = 'none';
  const answer = (result: unknown, callback: unknown): unknown => {
    if (typeof callback !== 'function') return Promise.resolve(result);
    process.nextTick(callback as QueryCallback, null, result);
    return undefined;
  };
  const refuse = (error: Error, callback: unknown): unknown => {
    if (typeof callback !== 'function') return Promise.reject(error);
    process.nextTick(callback as QueryCallback, error);
    return undefined;
  };
  const ended = (text: string) => ({ command: text.replace(';', ''), rowCount: null, oid: null, rows: [], fields: [] });
  (connection as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    const plain = typeof config === 'string' || (typeof config === 'object' && config !== null && typeof (config as { submit?: unknown }).submit !== 'function');
    const text = typeof config === 'string' ? config : plain ? (config as { text?: string }).text : undefined;
    const bound = Array.isArray(values) ? values : plain ? (config as { values?: unknown[] }).values : undefined;
    const done = typeof values === 'function' ? values : callback;
    const ends = text !== undefined && ENDS.has(text) && !bound?.length;
    const commits = plain && typeof config === 'object' && (config as { commit?: unknown }).commit === true;
    switch (state) {
      case 'committed':
        state = 'none';
        if (ends) return answer(ended(text!), done);
        return refuse(new Error('A statement after the one that committed its transaction'), done);
      case 'none':
        if (commits) return refuse(new Error('A statement that commits its transaction needs one'), done);
        if (text !== BEGIN || (bound?.length ?? 0) > 0) return send(config, values, callback);
        state = 'deferred';
        return answer({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] }, done);
      case 'open':
        if (ends) state = 'none';
        if (!commits) return send(config, values, callback);
        break;
      case 'deferred':
        if (ends) {
          state = 'none';
          return answer(ended(text!), done);
        }
        if (!plain) {
          // Something that writes its own messages (a cursor): BEGIN goes alone first, as knex would have sent it.
          state = 'open';
          send(BEGIN, () => undefined);
          return send(config, values, callback);
        }
        break;
    }
    const opens = state === 'deferred';
    state = commits ? 'committed' : 'open';
    let settle = done as QueryCallback | undefined;
    const promise = settle ? undefined : new Promise((resolve, reject) => (settle = (error, result) => (error ? reject(error) : resolve(result))));
    const finish: QueryCallback = (error, result) => {
      if (error && commits) {
        // Its COMMIT did not run (or failed): the transaction is still the caller's to roll back. If its end
        // was already answered here (a caller that did not wait), roll it back now, so no aborted
        // transaction is left for the connection's next user.
        if (state === 'committed') state = 'open';
        else send('ROLLBACK', () => undefined);
      }
      settle!(error, result);
    };
    send(new TransactionQuery(config, Array.isArray(values) ? values : undefined, finish, { opens, commits }));
    return promise;
  };
}

/**
 * A named prepared statement run straight on a connection of `db`'s pool (or of the transaction `db`
 * is), with Postgres' own placeholders (`$1`, `$2` …): Postgres parses and plans it once per connection,
 * and nothing is built per call. Through `db.raw(…).options({ name })` knex still compiled the bindings,
 * copied the query config and emitted its events on every call, costing more CPU than pg spent on the
 * query itself. For the hottest lookups only; knex's `'query'` events do not see these.
 *
 * With `endsTransaction`, it is its transaction's last statement: it runs on a transaction only, and
 * its COMMIT goes in the same round trip (the transaction's end that knex then sends is answered without
 * one). Nothing may run in the transaction after it, and nothing after it may fail: once it has answered,
 * the transaction is committed, whatever the rest of the callback does.
 */
export function preparedStatement<TRow>(name: string, text: string, opts: { endsTransaction?: boolean } = {}): (db: Knex, values: readonly unknown[]) => Promise<TRow[]> {
  const commit = opts.endsTransaction === true;
  return async (db, values) => {
    // What knex says of a query on a finished transaction, instead of running it outside the transaction.
    if (db.isTransaction && (db as Knex.Transaction).isCompleted()) throw new Error('Transaction query already complete');
    // A nested transaction is a savepoint: the COMMIT would end the transaction around it.
    if (commit && (!db.isTransaction || (db as { parentTransaction?: unknown }).parentTransaction)) throw new Error(`${name} ends a transaction: run it on one, not nested`);
    const connection = await db.client.acquireConnection();
    try {
      const { rows } = await connection.query({ name, text, values, commit });
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
