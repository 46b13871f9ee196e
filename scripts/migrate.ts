/**
 * Applies every subgraph's migrations (or the named ones): `npm run db:migrate [-- catalog orders]`.
 * Each subgraph migrates its own schema; the database is created when missing.
 */
import { createDb, ensureDatabase, migrate, SUBGRAPHS, subgraphConfig, type Migration, type SubgraphName } from '@qc/shared';
import { migrations as catalog } from '../subgraphs/catalog/migrations';
import { migrations as availability } from '../subgraphs/availability/migrations';
import { migrations as orders } from '../subgraphs/orders/migrations';
import { migrations as fulfillment } from '../subgraphs/fulfillment/migrations';
import { migrations as delivery } from '../subgraphs/delivery/migrations';
import { migrations as tracking } from '../subgraphs/tracking/migrations';

export const MIGRATIONS: Record<SubgraphName, readonly Migration[]> = {
  catalog,
  availability,
  orders,
  fulfillment,
  delivery,
  tracking,
};

/** Migrates the given subgraphs (all by default); returns what was applied per subgraph. */
export async function migrateAll(names: readonly SubgraphName[] = SUBGRAPHS.map((s) => s.name), env = process.env) {
  const applied: Record<string, string[]> = {};
  const urls = new Set(names.map((name) => subgraphConfig(name, env).databaseUrl));
  for (const url of urls) await ensureDatabase(url);
  for (const name of names) {
    const config = subgraphConfig(name, env);
    const db = createDb({ url: config.databaseUrl, schema: config.dbSchema, poolMax: 1 });
    try {
      applied[name] = await migrate(db, config.dbSchema, MIGRATIONS[name]);
    } finally {
      await db.destroy();
    }
  }
  return applied;
}

async function main() {
  const known = SUBGRAPHS.map((s) => s.name) as string[];
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !known.includes(a));
  if (unknown.length) {
    console.error(`Unknown subgraph(s): ${unknown.join(', ')}. Known: ${known.join(', ')}`);
    process.exit(2);
  }
  const applied = await migrateAll(args.length ? (args as SubgraphName[]) : undefined);
  for (const [name, list] of Object.entries(applied)) {
    console.log(`${name.padEnd(13)} ${list.length ? `applied ${list.join(', ')}` : 'up to date'}`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`Migration failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
