import knex, { type Knex } from 'knex';

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
    pool: { min: 0, max: poolMax },
  });
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
