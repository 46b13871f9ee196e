/**
 * Demo time is relative: a city seeded yesterday would show every open pick task hours late and every
 * ETA in the past. On start in development, `npm start` moves the open work forward so its newest
 * change is now, keeping every interval between them: the same city, seen today.
 *
 * A development tool, like the seed: it reaches into every subgraph's schema itself (with SQL over
 * whatever tables carry an `order_id`), because no subgraph has, or should have, an operation that
 * rewrites history.
 */
import { createDb, SUBGRAPHS, subgraphConfig, type Knex, type SubgraphName } from '@qc/shared';
// Orders still moving; finished ones keep their dates.
import { LIVE } from './orders';

/** Tables whose rows are about events, not orders: never shifted. */
const SKIPPED_TABLES = new Set(['outbox', 'processed_events']);
/** Open work this fresh is left alone. */
export const REBASE_THRESHOLD_MS = 2 * 60_000;

export interface RebaseResult {
  /** Open orders moved. */
  orders: number;
  /** How far they moved, in ms (0 when nothing was stale). */
  shiftedMs: number;
  /** Rows changed per `subgraph.table`. */
  rows: Record<string, number>;
}

async function withDb<T>(name: SubgraphName, env: NodeJS.ProcessEnv, work: (db: Knex, schema: string) => Promise<T>): Promise<T> {
  const config = subgraphConfig(name, env);
  const db = createDb({ url: config.databaseUrl, schema: config.dbSchema, poolMax: 1 });
  try {
    return await work(db, config.dbSchema);
  } finally {
    await db.destroy();
  }
}

/** The timestamp columns of every table of the schema that has an `order_id` column (or is `orders` itself). */
async function orderTables(db: Knex, subgraph: SubgraphName, schema: string): Promise<Map<string, { key: string; columns: string[] }>> {
  const { rows } = await db.raw<{ rows: { table_name: string; column_name: string; data_type: string }[] }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = ? AND c.is_generated = 'NEVER' ORDER BY c.table_name, c.ordinal_position`,
    [schema],
  );
  const tables = new Map<string, { key: string | null; columns: string[] }>();
  for (const r of rows) {
    if (SKIPPED_TABLES.has(r.table_name)) continue;
    const table = tables.get(r.table_name) ?? { key: null, columns: [] };
    tables.set(r.table_name, table);
    if (r.column_name === 'order_id') table.key = 'order_id';
    if (r.data_type === 'timestamp with time zone' || r.data_type === 'timestamp without time zone') table.columns.push(r.column_name);
  }
  const result = new Map<string, { key: string; columns: string[] }>();
  for (const [name, t] of tables) {
    const key = t.key ?? (subgraph === 'orders' && name === 'orders' ? 'id' : null);
    if (key && t.columns.length) result.set(name, { key, columns: t.columns });
  }
  return result;
}

/**
 * Moves every open order, and what each subgraph keeps about it, forward by the time since the newest
 * change among them — when that is more than two minutes. Returns what it did.
 */
export async function rebaseOpenWork(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Promise<RebaseResult> {
  const open = await withDb('orders', env, async (db) => {
    const exists = await db.raw<{ rows: { name: string | null }[] }>('SELECT to_regclass(?)::text AS name', [`${subgraphConfig('orders', env).dbSchema}.orders`]);
    if (!exists.rows[0]?.name) return { ids: [] as string[], newest: null as Date | null };
    const rows = await db('orders').select<{ id: string; updated_at: Date }[]>('id', 'updated_at').whereIn('status', [...LIVE]);
    const newest = rows.reduce<Date | null>((max, r) => (max && max >= r.updated_at ? max : r.updated_at), null);
    return { ids: rows.map((r) => r.id), newest };
  });
  const result: RebaseResult = { orders: open.ids.length, shiftedMs: 0, rows: {} };
  if (!open.newest) return result;
  const shift = now.getTime() - open.newest.getTime();
  if (shift < REBASE_THRESHOLD_MS) return result;
  result.shiftedMs = shift;

  for (const { name } of SUBGRAPHS) {
    await withDb(name, env, async (db, schema) => {
      for (const [table, { key, columns }] of await orderTables(db, name, schema)) {
        const set = columns.map((c) => db.raw(`?? = ?? + ? * interval '1 millisecond'`, [c, c, shift]).toQuery()).join(', ');
        const changed = await db.raw<{ rowCount: number }>(`UPDATE ?? SET ${set} WHERE ?? = ANY(?)`, [table, key, open.ids]);
        if (changed.rowCount) result.rows[`${name}.${table}`] = changed.rowCount;
      }
    });
  }
  return result;
}
