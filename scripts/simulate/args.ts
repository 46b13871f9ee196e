/**
 * The simulator's command line:
 *   npm run simulate -- [--orders N] [--rate R] [--gateway URL] [--speed X] [--seed N]
 *                       [--decline P] [--ignore P] [--missing P] [--couriers N] [--timeout S]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEED } from '../seed/random';

export interface SimulateArgs {
  /** Orders the customers place in total. */
  orders: number;
  /** Orders placed per second of real time. */
  rate: number;
  gatewayUrl: string;
  /** Time compression: simulated seconds per real second (store work, hand-overs, courier reports). */
  speed: number;
  seed: number;
  /** Share of offers a courier declines. */
  decline: number;
  /** Share of offers a courier lets expire without answering. */
  ignore: number;
  /** Share of cart lines a store finds (partly) missing while picking. */
  missing: number;
  /** Courier bots to run. */
  couriers: number;
  /** Real seconds after which the run stops, finished or not. */
  timeoutSeconds: number;
  /**
   * Bots take over the open work they find (seeded or left by an earlier run): couriers carrying or
   * offered an order ride it home, stores pick what waits in their queue, offers are never foreign.
   */
  adopt: boolean;
  /** Real seconds to wait for the gateway to answer before giving up (0: ask once). */
  waitSeconds: number;
  /** The gentle, endless run `npm start` keeps the city alive with (`--demo`). */
  demo: boolean;
}

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/** Printed once the bots are online and riding: what `npm start` waits for before its banner. */
export const CITY_MOVING = 'simulate: the city is moving';

export const DEFAULT_SIMULATE_ARGS: Readonly<Omit<SimulateArgs, 'gatewayUrl'>> = {
  orders: 200,
  rate: 5,
  speed: 60,
  seed: DEFAULT_SEED,
  decline: 0.1,
  ignore: 0.05,
  missing: 0.05,
  couriers: 60,
  timeoutSeconds: 600,
  adopt: false,
  waitSeconds: 0,
  demo: false,
};

/**
 * `--demo`: what `npm start` runs beside the supergraph in development. A few orders a minute, stores
 * and couriers three times faster than life (a ride of a few minutes, so a screen following it sees
 * it move), every piece of open work adopted, and no end. Flags given with it still apply.
 */
export const DEMO_SIMULATE_ARGS: Readonly<Omit<SimulateArgs, 'gatewayUrl'>> = {
  ...DEFAULT_SIMULATE_ARGS,
  orders: 1_000_000,
  rate: 0.05,
  speed: 3,
  decline: 0.05,
  ignore: 0,
  couriers: 8,
  timeoutSeconds: 86_400,
  adopt: true,
  waitSeconds: 120,
  demo: true,
};

export const USAGE = [
  'Usage: npm run simulate -- [--orders N] [--rate R] [--gateway URL] [--speed X] [--seed N]',
  '                           [--decline P] [--ignore P] [--missing P] [--couriers N] [--timeout S]',
  `  --orders N    orders to place in total (default ${DEFAULT_SIMULATE_ARGS.orders})`,
  `  --rate R      orders per second (default ${DEFAULT_SIMULATE_ARGS.rate})`,
  `  --gateway URL the supergraph's GraphQL endpoint (default $GATEWAY_URL or ${DEFAULT_GATEWAY_URL})`,
  `  --speed X     simulated seconds per real second (default ${DEFAULT_SIMULATE_ARGS.speed}); courier travel is`,
  '                compressed less when needed to stay under tracking\'s 60 m/s jump limit',
  `  --seed N      seed of every random choice (default ${DEFAULT_SIMULATE_ARGS.seed})`,
  `  --decline P   share of offers declined (default ${DEFAULT_SIMULATE_ARGS.decline})`,
  `  --ignore P    share of offers left to expire (default ${DEFAULT_SIMULATE_ARGS.ignore})`,
  `  --missing P   share of cart lines found missing when picking (default ${DEFAULT_SIMULATE_ARGS.missing})`,
  `  --couriers N  courier bots (default ${DEFAULT_SIMULATE_ARGS.couriers})`,
  `  --timeout S   stop after S real seconds (default ${DEFAULT_SIMULATE_ARGS.timeoutSeconds})`,
  '  --adopt       take over open work found in the city (seeded orders, earlier runs) instead of ignoring it',
  `  --wait S      wait up to S seconds for the gateway to answer (default ${DEFAULT_SIMULATE_ARGS.waitSeconds})`,
  `  --demo        the endless gentle run npm start keeps the city alive with: --rate ${DEMO_SIMULATE_ARGS.rate} --speed ${DEMO_SIMULATE_ARGS.speed}`,
  `                --couriers ${DEMO_SIMULATE_ARGS.couriers} --adopt --wait ${DEMO_SIMULATE_ARGS.waitSeconds}, no order limit; stops on Ctrl-C without cleaning up`,
].join('\n');

type NumberRule = { flag: string; key: NumberKey; integer: boolean; min: number; max: number; minExclusive?: boolean };

type NumberKey = { [K in keyof SimulateArgs]: SimulateArgs[K] extends number ? K : never }[keyof SimulateArgs];

const RULES: readonly NumberRule[] = [
  { flag: 'orders', key: 'orders', integer: true, min: 1, max: 1_000_000 },
  { flag: 'rate', key: 'rate', integer: false, min: 0, max: 10_000, minExclusive: true },
  { flag: 'speed', key: 'speed', integer: false, min: 0, max: 10_000, minExclusive: true },
  { flag: 'seed', key: 'seed', integer: true, min: 0, max: 2 ** 32 - 1 },
  { flag: 'decline', key: 'decline', integer: false, min: 0, max: 1 },
  { flag: 'ignore', key: 'ignore', integer: false, min: 0, max: 1 },
  { flag: 'missing', key: 'missing', integer: false, min: 0, max: 1 },
  { flag: 'couriers', key: 'couriers', integer: true, min: 1, max: 100_000 },
  { flag: 'timeout', key: 'timeoutSeconds', integer: false, min: 0, max: 86_400, minExclusive: true },
  { flag: 'wait', key: 'waitSeconds', integer: false, min: 0, max: 3_600 },
];

export type ParsedSimulateArgs = { args: SimulateArgs; help: boolean } | { problems: string[] };

/** The run the flags ask for, or every problem with them (each naming its flag). */
export function parseSimulateArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedSimulateArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(RULES.map((rule) => [rule.flag, { type: 'string' as const }])),
        gateway: { type: 'string' },
        adopt: { type: 'boolean' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { problems: [(error as Error).message] };
  }

  const preset = values.demo === true ? DEMO_SIMULATE_ARGS : DEFAULT_SIMULATE_ARGS;
  const args: SimulateArgs = { ...preset, gatewayUrl: env.GATEWAY_URL ?? DEFAULT_GATEWAY_URL };
  if (values.adopt === true) args.adopt = true;
  const problems: string[] = [];
  for (const rule of RULES) {
    const raw = values[rule.flag];
    if (raw === undefined) continue;
    const text = String(raw).replace(/_/g, '');
    const value = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : NaN;
    const range = `${rule.minExclusive ? 'above' : 'from'} ${rule.min}${rule.minExclusive ? ` and at most ${rule.max}` : ` to ${rule.max}`}`;
    if (Number.isNaN(value) || (rule.integer && !Number.isInteger(value))) {
      problems.push(`--${rule.flag} must be ${rule.integer ? 'a whole number' : 'a number'} ${range} (got "${String(raw)}")`);
      continue;
    }
    if (value < rule.min || (rule.minExclusive && value === rule.min) || value > rule.max) {
      problems.push(`--${rule.flag} must be ${range} (got ${value})`);
      continue;
    }
    args[rule.key] = value;
  }
  if (values.gateway !== undefined) {
    const url = String(values.gateway);
    if (!/^https?:\/\/[^\s/]+/.test(url) || !URL.canParse(url)) problems.push(`--gateway must be an http(s) URL (got "${url}")`);
    else args.gatewayUrl = url;
  }
  if (args.decline + args.ignore > 1) problems.push(`--decline and --ignore together must be at most 1 (got ${args.decline} + ${args.ignore})`);
  if (problems.length) return { problems };
  return { args, help: values.help === true };
}
