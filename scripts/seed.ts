/**
 * Loads the demo city into every subgraph's schema:
 *   npm run seed -- [--stores N] [--products N] [--couriers N] [--customers N] [--orders N] [--seed N] [--if-empty]
 * Safe to re-run with the same seed (repositories upsert or skip what exists). `--if-empty` does
 * nothing when catalog already has products. Exit codes: 0 done, 1 a service or a write failed, 2 bad flags.
 */
import { ConfigError } from '@qc/shared';
import { parseSeedArgs, USAGE } from './seed/args';
import { seedCity, seedIfEmpty, ServiceUnavailableError } from './seed/load';

/**
 * knex prints every failed connection attempt, stack and all, with console.log (its default
 * logger, which the shared `createDb`/`ensureDatabase` keep); the seed turns connection failures
 * into its own one-line message, so those lines are only noise.
 */
function quietKnexConnectionWarnings() {
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Acquire connection error')) return;
    log(...args);
  };
}

async function main() {
  quietKnexConnectionWarnings();
  const parsed = parseSeedArgs(process.argv.slice(2));
  if ('problems' in parsed) {
    console.error(`${parsed.problems.join('\n')}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const hooks = { onProgress: (line: string) => console.log(line) };
  if (parsed.ifEmpty) await seedIfEmpty(parsed.options, hooks);
  else await seedCity(parsed.options, hooks);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof ServiceUnavailableError || error instanceof ConfigError) console.error(error.message);
    else console.error(`Seed failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
