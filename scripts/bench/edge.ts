/**
 * What the edge costs: the same request mix through a gateway process with the edge on, then off
 * (`EDGE_ENABLED=false`: no limits, no rate limits), alternating, and the gateway's CPU time per request
 * read from /proc/<pid>/stat for each run. The edge's added CPU per request is the difference; target
 * ≤ 0.1 ms. The verdict is MET only when the difference is within target AND every run achieved the
 * target rate (a gateway that fell behind did less work per second, and its CPU per request says less).
 *
 * Needs the six subgraphs up and seeded (`npm start`); this starts its own gateway processes (the real
 * `gateway/src/index.ts`) on free ports, pointed at them (`<NAME>_URL` / `<NAME>_PORT` as usual).
 * The mix (per 20 requests): 8 anonymous catalog pages, 4 anonymous searches, 2 category lists, 4
 * customers' orders, 2 partner pages; the budgets are raised so the rate limiter counts in Redis but
 * never refuses. Env: BENCH_ROUNDS (on/off pairs, default 2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEV_JWT_SECRET, SUBGRAPHS, subgraphUrl } from '@qc/shared';
import { signDevToken } from '../../gateway/src/auth';
import { freePort, intEnv, printResult, RATE_TOLERANCE, runFixedRate, sample, waitFor, type BenchResult } from './harness';
import type { BenchArgs } from './index';

const TARGET_MS_PER_REQUEST = 0.1;
const WARMUP_SECONDS = 3;
/** Open connections per request per second: enough that a slow answer never holds back the arrival rate. */
const connectionsFor = (rate: number) => Math.max(10, Math.ceil(rate / 2));

const BROWSE = 'query Browse($first: Int, $after: String) { products(first: $first, after: $after) { totalCount edges { cursor node { id name price { amountCents currency } category { name } } } } }';
const SEARCH = 'query Search($filter: ProductFilter) { products(filter: $filter, first: 10) { edges { node { id name tags } } } }';
const CATEGORIES = 'query Categories { categories { id name slug productCount } }';
const MY_ORDERS = 'query MyOrders { myOrders(first: 5) { edges { node { id status total { amountCents } items { quantity product { name } } } } } }';
const PARTNER = 'query PartnerCatalog($first: Int) { products(first: $first) { edges { node { id sku name price { amountCents } } } } }';
const TERMS = ['milk', 'piza', 'bread', 'apple', 'coffee', 'banana', 'rice', 'water'];

interface Run {
  edge: boolean;
  result: BenchResult;
  cpuSeconds: number;
  msPerRequest: number;
  shortfall: boolean;
}

async function mix() {
  const customers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => signDevToken(process.env.JWT_SECRET ?? DEV_JWT_SECRET, { sub: `cus_${String(i + 1).padStart(3, '0')}`, role: 'customer' })),
  );
  const partner = await signDevToken(process.env.JWT_SECRET ?? DEV_JWT_SECRET, { sub: 'svc_bench', role: 'partner', partnerId: 'bench' });
  let n = 0;
  let headers: Record<string, string> = {};
  const nextBody = () => {
    const slot = n++ % 20;
    headers = {};
    if (slot < 8) return { query: BROWSE, variables: { first: 20 } };
    if (slot < 12) return { query: SEARCH, variables: { filter: { search: TERMS[n % TERMS.length] } } };
    if (slot < 14) return { query: CATEGORIES };
    if (slot < 18) {
      headers = { authorization: `Bearer ${customers[n % customers.length]}` };
      return { query: MY_ORDERS };
    }
    headers = { authorization: `Bearer ${partner}` };
    return { query: PARTNER, variables: { first: 10 } };
  };
  return { nextBody, nextHeaders: () => headers };
}

async function startGateway(edge: boolean): Promise<{ process: ChildProcess; url: string }> {
  const port = await freePort();
  const root = join(__dirname, '..', '..');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    GATEWAY_PORT: String(port),
    LOG_LEVEL: 'warn',
    SUPERGRAPH_WATCH: 'false',
    EDGE_ENABLED: String(edge),
    // Counted in Redis on every request, never refused: the cost of the check is what is measured.
    RATE_LIMIT_ANONYMOUS: '100000000',
    RATE_LIMIT_USER: '100000000',
    RATE_LIMIT_PARTNER: '100000000',
    ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)])),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'gateway', 'src', 'index.ts')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  let exited: string | undefined;
  child.once('exit', (code) => (exited = `the gateway exited with ${code}`));
  await waitFor('the gateway start', 60_000, async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), () => exited);
  return { process: child, url: `http://127.0.0.1:${port}/graphql` };
}

async function measure(edge: boolean, args: BenchArgs): Promise<Run> {
  const gateway = await startGateway(edge);
  const stop = () => gateway.process.kill('SIGTERM');
  // Interrupted: do not leave the gateway process behind.
  const interrupted = () => {
    stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const pid = gateway.process.pid!;
    // Warm-up: JIT, query plans, pooled connections, Redis scripts.
    const connections = connectionsFor(args.rate);
    await runFixedRate({ title: 'warm-up', url: gateway.url, rate: args.rate, durationSeconds: WARMUP_SECONDS, connections, ...(await mix()) });
    const before = sample(pid);
    const result = await runFixedRate({
      title: `edge ${edge ? 'ON ' : 'OFF'}: ${args.rate}/s for ${args.duration}s (pid ${pid})`,
      url: gateway.url,
      rate: args.rate,
      durationSeconds: args.duration,
      connections,
      ...(await mix()),
    });
    const cpuSeconds = sample(pid).cpuSeconds - before.cpuSeconds;
    const shortfall = result.throughput < RATE_TOLERANCE * args.rate;
    return { edge, result, cpuSeconds, msPerRequest: (cpuSeconds * 1000) / Math.max(1, result.requests), shortfall };
  } finally {
    process.removeListener('SIGINT', interrupted).removeListener('SIGTERM', interrupted);
    stop();
    await new Promise((resolve) => gateway.process.once('exit', resolve));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

export async function run(args: BenchArgs): Promise<void> {
  for (const { name } of SUBGRAPHS) {
    const ok = await fetch(subgraphUrl(name).replace(/\/graphql$/, '/health')).then((r) => r.ok).catch(() => false);
    if (!ok) throw new Error(`${name} does not answer at ${subgraphUrl(name)}: start the supergraph first (npm start)`);
  }
  const rounds = intEnv('BENCH_ROUNDS', 2);
  console.log(`\nedge: the same mix with the edge on and off, ${rounds} round(s) of each, ${args.rate}/s for ${args.duration}s per run`);
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const edge of round % 2 === 0 ? [true, false] : [false, true]) {
      const r = await measure(edge, args);
      printResult(r.result);
      console.log(`  gateway CPU   ${r.cpuSeconds.toFixed(2)} s = ${r.msPerRequest.toFixed(3)} ms per request${r.shortfall ? '  (FELL SHORT of the target rate)' : ''}`);
      runs.push(r);
    }
  }
  const on = runs.filter((r) => r.edge);
  const off = runs.filter((r) => !r.edge);
  const added = median(on.map((r) => r.msPerRequest)) - median(off.map((r) => r.msPerRequest));
  const rate = (rs: Run[]) => median(rs.map((r) => r.result.throughput)).toFixed(1);
  const short = runs.some((r) => r.shortfall);
  const failed = runs.some((r) => r.result.errors > 0 || r.result.non2xx > 0 || r.result.graphqlErrors > 0);
  const met = !short && !failed && added <= TARGET_MS_PER_REQUEST;
  console.log(
    [
      '',
      'edge summary',
      `  request rate        edge on ${rate(on)}/s, edge off ${rate(off)}/s (target ${args.rate}/s)`,
      `  gateway CPU/request edge on ${median(on.map((r) => r.msPerRequest)).toFixed(3)} ms, edge off ${median(off.map((r) => r.msPerRequest)).toFixed(3)} ms (medians)`,
      `  added by the edge   ${added.toFixed(3)} ms per request`,
      `  target              ≤ ${TARGET_MS_PER_REQUEST} ms added CPU per request at ${args.rate}/s: ${met ? 'MET' : 'MISSED'}${short ? ' (a run fell short of the target rate)' : ''}${failed ? ' (failed requests: transport, non-2xx or GraphQL errors)' : ''}`,
      '  first-call latency with/without pre-planning: the operations bench is not on main yet',
    ].join('\n'),
  );
}
