/** The seed's command line: `[--stores N] [--products N] [--couriers N] [--customers N] [--orders N] [--seed N] [--if-empty]`. */
import { parseArgs } from 'node:util';
import { CITY_LIMITS, DEFAULT_CITY_OPTIONS, validateCityOptions, type CityOptions } from './city';

const COUNT_FLAGS = ['stores', 'products', 'couriers', 'customers', 'orders', 'seed'] as const satisfies readonly (keyof typeof CITY_LIMITS)[];

export const USAGE = [
  'Usage: npm run seed -- [--stores N] [--products N] [--couriers N] [--customers N] [--orders N] [--seed N] [--if-empty]',
  `  defaults: ${COUNT_FLAGS.map((f) => `--${f} ${DEFAULT_CITY_OPTIONS[f]}`).join(' ')}`,
  '  --if-empty  seed only when catalog has no products yet',
].join('\n');

export interface SeedArgs {
  options: Partial<CityOptions>;
  ifEmpty: boolean;
  help: boolean;
}

/** The options the flags ask for, or every problem with them (each naming its flag). */
export function parseSeedArgs(argv: readonly string[]): SeedArgs | { problems: string[] } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(COUNT_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
        'if-empty': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }
  const options: Partial<CityOptions> = {};
  const problems: string[] = [];
  for (const flag of COUNT_FLAGS) {
    const raw = values[flag];
    if (raw === undefined) continue;
    // Digits only (underscores allowed, as in 5_000): "1e3", "-1" and "12abc" are typos, not numbers.
    const text = String(raw).replace(/_/g, '');
    if (!/^\d+$/.test(text)) {
      problems.push(`--${flag} must be a whole number (got "${String(raw)}")`);
      continue;
    }
    options[flag] = Number(text);
  }
  problems.push(...validateCityOptions(options).map((problem) => `--${problem}`));
  if (problems.length) return { problems };
  return { options, ifEmpty: values['if-empty'] === true, help: values.help === true };
}
