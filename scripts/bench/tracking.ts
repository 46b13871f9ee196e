/**
 * Courier location ingestion through the gateway: N simulated couriers ride straight lines across
 * Berlin and report where they are, at a fixed total rate. Each courier reports every N / rate seconds;
 * N = ⌈rate × 3.2⌉ keeps that just above the 3 s thinning window, so reports should be kept rather
 * than thinned (the kept/thinned counts show whether they were). Target from the issue: 2,000
 * reports/s with p99 < 50 ms, ≤ 0.8 ms CPU per report all processes together.
 *
 * The harness's open-loop sender with a token per courier: courier k reports every N / rate seconds
 * exactly, however many answers are outstanding.
 *
 * Couriers are `cou_001` … as the seed numbers them (`cou_00001` … once N has more digits); tracking
 * takes the courier from the token and never checks delivery's list, so N may exceed the seed's couriers.
 * Each courier starts at its latest known position (read once as admin), so its first report is no
 * impossible jump from a seeded or earlier bench position. Needs the gateway and the tracking subgraph
 * (`npm start`); tokens are signed with JWT_SECRET, the development default unless set.
 *
 * Beside the load, a small simulator run (`runSimulation`, in this process) places, packs and delivers
 * BENCH_SIM_ORDERS orders (default 20; 0 for none) at BENCH_SIM_RATE/s (2), BENCH_SIM_SPEED× time (60)
 * with BENCH_SIM_COURIERS courier bots (25), stopping after BENCH_SIM_TIMEOUT s (180), and the bench
 * prints packed → offered: fulfillment's `packedAt` to the `createdAt` of the order's first offer as the
 * bots see it in `myOffers` — both the platform's own timestamps, not the bots' clocks. Offers made
 * before packing (readiness-aware dispatch) count as 0. Target from the issue: p99 < 1 s. The reports
 * start when the simulator places its first order (after it has looked at the city), so its packing
 * and offers happen under the load; afterwards the bench waits for the bots to finish delivering, so
 * couriers are not left BUSY.
 *
 * The bench's couriers pass over every free (OFFLINE or IDLE) courier of delivery's roster: those are
 * the simulator's, and reporting as a free one would both disturb its bot and give dispatch a courier
 * with a fresh position who never answers — for two minutes after the bench, until the position ages.
 * A courier that comes free during the run (an offer expiring, a delivery done) can still be one.
 */
import { DEV_JWT_SECRET, offsetMeters } from '@qc/shared';
import { signDevToken } from '../../gateway/src/auth';
import { parseSimulateArgs, type SimulateArgs } from '../simulate/args';
import { SimCourierPositionsDocument, SimReportLocationDocument, type SimCourierPositionsQuery, type SimCourierPositionsQueryVariables } from '../../clients/simulator/__generated__/graphql';
import { operationBody, operationRequest } from '../../clients/persisted';
import { GraphQLClient, slotAnswers, slotVariables, Tokens } from '../simulate/client';
import { findCouriers } from '../simulate/couriers';
import { runSimulation, type RunResult } from '../simulate/run';
import { formatDuration, offerLatency, type OfferLatency, type Span } from '../simulate/stats';
import { benchAgent, DatasetMissing, postJson, printResult, queryOnce, runOpenLoop, Tally } from './harness';
import { formatUsage, startCounting } from './stack';
import type { BenchArgs } from './index';

/** Seconds between two reports of one courier: just above the 3 s thinning window. */
const REPORT_EVERY_S = 3.2;
const CENTRE = { lat: 52.52, lng: 13.405 };
/** How far from the centre a courier without a known position starts, in degrees either way. */
const SPREAD = 0.1;
/** Courier positions read per admin query: the slots of SimCourierPositions (within LIMIT_MAX_ALIASES, 30). */
const POSITION_BATCH = 25;

interface SimulatedCourier {
  id: string;
  token: string;
  lat: number;
  lng: number;
  /** Degrees clockwise from north. */
  heading: number;
  /** Metres per second. */
  speed: number;
}

const between = (min: number, max: number) => min + Math.random() * (max - min);

/** Packed → offered p99 target, ms. */
const OFFER_P99_TARGET_MS = 1_000;

/** The simulator's flags from BENCH_SIM_* (the bench's defaults where unset); null for BENCH_SIM_ORDERS=0. */
function simulatorArgs(gatewayUrl: string, env: NodeJS.ProcessEnv = process.env): SimulateArgs | null {
  if (env.BENCH_SIM_ORDERS === '0') return null;
  const parsed = parseSimulateArgs(
    [
      ['--orders', env.BENCH_SIM_ORDERS ?? '20'],
      ['--rate', env.BENCH_SIM_RATE ?? '2'],
      ['--speed', env.BENCH_SIM_SPEED ?? '60'],
      ['--couriers', env.BENCH_SIM_COURIERS ?? '25'],
      ['--timeout', env.BENCH_SIM_TIMEOUT ?? '180'],
      ['--gateway', gatewayUrl],
    ].flat(),
  );
  if ('problems' in parsed) throw new Error(`BENCH_SIM_*: ${parsed.problems.join('; ')}`);
  return parsed.args;
}

/** `cou_001` …, as the seed's id maker writes them for `count` couriers, passing over those in `skip`. */
const courierIds = (count: number, skip: ReadonlySet<string> = new Set()): string[] => {
  const width = Math.max(3, String(count).length);
  const ids: string[] = [];
  for (let n = 1; ids.length < count; n++) {
    const id = `cou_${String(n).padStart(width, '0')}`;
    if (!skip.has(id)) ids.push(id);
  }
  return ids;
};

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
const latencyLine = (l: OfferLatency) => `p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`;

/** What the simulator run beside the load came to, packed → offered first. */
function printOffers(sim: SimulateArgs, result: RunResult | string, load: Span): void {
  const title = `\ntracking: packed → offered during a simulator run (${sim.orders} orders at ${sim.rate}/s, ${sim.speed}× time, ${sim.couriers} courier bots) beside the reports`;
  if (typeof result === 'string' || result.aborted) {
    console.log([title, `  simulator     could not run: ${typeof result === 'string' ? result : result.aborted}`, `  target        packed → offered p99 < ${OFFER_P99_TARGET_MS} ms: MISSED (no data)`].join('\n'));
    return;
  }
  const c = result.summary.counters;
  const all = offerLatency(result.orders);
  const underLoad = offerLatency(result.orders, load);
  const ok = all.count > 0 && all.p99 < OFFER_P99_TARGET_MS;
  console.log(
    [
      title,
      `  simulator     placed ${c.placed} of ${sim.orders}, packed ${c.packed}, delivered ${c.delivered}, failed ${c.failed}, errors ${result.summary.errorCount}, in ${formatDuration(result.summary.elapsedMs)}${result.summary.timedOut ? ' (STOPPED BY TIMEOUT)' : ''}`,
      `  offered ms    ${latencyLine(all)}  (n=${all.count}; ${all.beforePacked} offered before packing, counted as 0)`,
      `  under load    ${latencyLine(underLoad)}  (n=${underLoad.count} packed while the reports were sent)`,
      `  left out      ${all.firstOfferUnseen} first offered to a courier outside the run, ${all.neverOffered} packed but never offered`,
      `  target        packed → offered p99 < ${OFFER_P99_TARGET_MS} ms: ${ok ? 'MET' : 'MISSED'}`,
    ].join('\n'),
  );
}

/** The latest known position of each courier (admin may read any), in batches (SimCourierPositions' slots). */
async function knownPositions(url: string, adminToken: string, ids: readonly string[]): Promise<Map<string, { lat: number; lng: number }>> {
  const known = new Map<string, { lat: number; lng: number }>();
  for (let i = 0; i < ids.length; i += POSITION_BATCH) {
    const batch = ids.slice(i, i + POSITION_BATCH);
    const variables = slotVariables<SimCourierPositionsQueryVariables>('c', batch, POSITION_BATCH);
    const data = await queryOnce<SimCourierPositionsQuery>(url, operationBody(SimCourierPositionsDocument), variables, adminToken).catch((error: Error) => {
      throw new Error(`reading start positions failed: ${error.message}`);
    });
    slotAnswers<SimCourierPositionsQuery['p0']>(data, 'p', batch.length).forEach((position, j) => {
      if (position) known.set(batch[j]!, { lat: position.lat, lng: position.lng });
    });
  }
  return known;
}

/** Where a courier is `seconds` after the start, riding its straight line (clamped to the globe). */
function positionAt(c: SimulatedCourier, seconds: number): { lat: number; lng: number } {
  const meters = c.speed * seconds;
  const rad = (c.heading * Math.PI) / 180;
  const { lat, lng } = offsetMeters(c, meters * Math.sin(rad), meters * Math.cos(rad));
  return { lat: Math.max(-89.9, Math.min(89.9, lat)), lng: ((((lng + 180) % 360) + 360) % 360) - 180 };
}

export async function run(args: BenchArgs) {
  const secret = process.env.JWT_SECRET ?? DEV_JWT_SECRET;
  const count = Math.ceil(args.rate * REPORT_EVERY_S);
  const sim = simulatorArgs(args.gatewayUrl);
  const free = new Set<string>();
  try {
    const roster = await findCouriers({ client: new GraphQLClient({ url: args.gatewayUrl }), tokens: new Tokens(secret) });
    if (roster.length === 0) throw new DatasetMissing('tracking needs seeded couriers (delivery lists none): npm run seed');
    for (const c of roster) if (c.status === 'OFFLINE' || c.status === 'IDLE') free.add(c.id);
  } catch (error) {
    if (error instanceof DatasetMissing) throw error;
    console.error(`tracking: could not read delivery's couriers (${(error as Error).message}); reporting as any of them`);
  }
  const ids = courierIds(count, free);
  console.log(
    `tracking: preparing ${count} couriers (${ids[0]} … ${ids.at(-1)}${free.size ? `, passing over the ${free.size} free ones` : ''}), one report each every ${(count / args.rate).toFixed(2)} s`,
  );

  const adminToken = await signDevToken(secret, { sub: 'adm_bench', role: 'admin' });
  const known = await knownPositions(args.gatewayUrl, adminToken, ids);
  const couriers: SimulatedCourier[] = await Promise.all(
    ids.map(async (id) => {
      const start = known.get(id) ?? { lat: between(CENTRE.lat - SPREAD, CENTRE.lat + SPREAD), lng: between(CENTRE.lng - SPREAD, CENTRE.lng + SPREAD) };
      return { id, token: await signDevToken(secret, { sub: id, role: 'courier' }), ...start, heading: between(0, 360), speed: between(3, 8) };
    }),
  );
  console.log(`tracking: ${known.size} couriers start where they were last seen, ${count - known.size} at random points`);

  const url = new URL(args.gatewayUrl);
  const agent = benchAgent(Math.max(64, Math.ceil(args.rate / 10)));
  const tally = new Tally();
  let startedAt = Date.now();
  const classify = (data: unknown) => {
    const answer = (data as { reportLocation?: { kept: boolean; skipped: string | null } }).reportLocation;
    return answer?.kept ? 'kept' : (answer?.skipped ?? 'unknown');
  };
  const send = async (i: number, scheduledAt: number): Promise<void> => {
    const courier = couriers[i % couriers.length]!;
    const now = Date.now();
    const body = JSON.stringify(
      operationRequest(SimReportLocationDocument, {
        input: {
          ...positionAt(courier, (now - startedAt) / 1000),
          heading: courier.heading,
          speed: courier.speed,
          accuracy: between(3, 15),
          recordedAt: new Date(now).toISOString(),
        },
      }),
    );
    try {
      const answer = await postJson(agent, url, body, { authorization: `Bearer ${courier.token}` }, 30_000);
      tally.recordAnswer(answer, performance.now() - scheduledAt, classify);
    } catch (error) {
      tally.recordFailure(error as Error);
    }
  };

  // Ctrl-C stops the load and the simulator, which still puts its couriers OFFLINE; twice quits.
  const interrupt = new AbortController();
  const onInterrupt = () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  };
  if (sim) process.on('SIGINT', onInterrupt);
  // The load starts when the simulator is about to place its first order (its look at the city is no
  // part of the measurement), or when it gave up. Caught at once: a failing simulator must not take the
  // load down with an unhandled rejection.
  let simulating: Promise<RunResult | string> | undefined;
  if (sim) {
    let ready!: () => void;
    const simReady = new Promise<void>((resolve) => (ready = resolve));
    simulating = runSimulation(sim, {
      interrupt: interrupt.signal,
      log: (line) => console.log(line.startsWith('simulate') ? line : `simulate: ${line}`),
      onReady: ready,
    }).catch((error: unknown) => `the simulator failed: ${(error as Error).message}`);
    const placing = await Promise.race([simReady.then(() => true), simulating.then(() => false)]);
    console.log(placing ? 'tracking: the simulator is placing orders; sending the reports' : 'tracking: the simulator gave up; sending the reports alone');
  }

  // Open loop (the harness's one sender): courier k reports every `count / rate` seconds exactly, and a
  // slow answer cannot slow the load. The simulator's bots share this event loop: the sender lag shows
  // when the sender, not the graph, was slow.
  const stop = await startCounting(args.gatewayUrl);
  startedAt = Date.now();
  const run = await runOpenLoop({ rate: args.rate, durationSeconds: args.duration, send, signal: interrupt.signal });
  const load: Span = { start: startedAt, end: startedAt + (run.sendingEndedAt - run.startedAt) };
  const usage = await stop();
  agent.destroy();

  const bench = tally.summarise(`tracking: ${count} couriers reporting positions through the gateway at ${args.rate}/s for ${args.duration}s`, run);
  printResult(bench, { rate: 2000, p99Ms: 50 });
  const reported = (name: string) => bench.outcomes[name] ?? 0;
  console.log(
    [
      `  reports       kept ${reported('kept')}  thinned ${reported('TOO_SOON')}  out of order ${reported('OUT_OF_ORDER')}  refused ${bench.graphqlErrors}`,
      formatUsage(usage, bench.ok, 'report'),
    ].join('\n'),
  );

  if (!sim || !simulating) return;
  // The bots go on delivering after the load: stopping them mid-ride would leave couriers BUSY.
  console.log(`\ntracking: load done; waiting for the simulator to finish its orders (at most ${sim.timeoutSeconds} s from its start)`);
  const result = await simulating;
  process.off('SIGINT', onInterrupt);
  printOffers(sim, result, load);
}
