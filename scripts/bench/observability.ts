/**
 * What observability costs: the same request mix through a whole stack (the six subgraphs and the
 * gateway, the real entry points, on free ports) started three times — tracing off (no OTLP endpoint:
 * the SDK is not even loaded), at 10 % sampling and at 100 % — and the CPU time per request of its
 * processes (gateway + subgraphs + Postgres backends, /proc/<pid>/stat), as every bench prints it.
 * Metrics (/metrics, scraped here every 5 s as Prometheus would) and access logs are on in every run:
 * what differs is tracing, with spans batched and exported over OTLP/HTTP to a sink this bench runs
 * (it counts the spans it receives, so a run that says it traced did). Target: ≤ 5 % added stack CPU
 * per request at 10 % sampling. MET only when that holds, every run achieved ≥ 95 % of the rate
 * without failures, and every traced run exported spans.
 *
 * Rounds: each round runs the three modes once, the order reversed every other round (off, 10, 100,
 * then 100, 10, off …) so a steady drift of the machine's load falls on every mode alike. The summary
 * prints every run and, per mode, the median over rounds (the mean of the middle two when the count
 * is even, so with 2 rounds it is their mean).
 *
 * Needs Postgres, Redis and NATS, and a seeded database (`npm run seed`) at DATABASE_URL under the
 * EVENTS_PREFIX / REDIS_PREFIX given; nothing else of a running supergraph (it starts its own).
 * The mix, per 10 requests: 5 catalog pages, 2 searches (anonymous), 1 category list, 2 customers'
 * MyOrders (five subgraphs). Env: BENCH_ROUNDS (rounds of the three modes, default 1); BENCH_PORT_BASE
 * (the stack listens on that port and the next six, the span sink on the seventh; default: free ports
 * the system picks); BENCH_CPU_PROF (a directory: every process of the stack runs with --cpu-prof and
 * writes <dir>/<round>-<mode>/<process>.cpuprofile when stopped); BENCH_MODES (e.g. `0,10`: tracing
 * off, the SDK loaded with nothing sampled, and 10 %; default `10,100`; off always runs); BENCH_COMPILED=1
 * (the processes run what `npm run build` made, as `npm run start:prod` does: plain node on dist/,
 * NODE_ENV=production, secrets of the bench's own; by default they run under tsx in development mode).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEV_JWT_SECRET, SUBGRAPHS } from '@qc/shared';
import { BrowseProductsDocument, CategoriesDocument, MyOrdersDocument } from '../../clients/customer-app/__generated__/graphql';
import { operationRequest } from '../../clients/persisted';
import { signDevToken } from '../../gateway/src/auth';
import { freePort, intEnv, ownedProcess, printResult, RATE_TOLERANCE, runFixedRate, waitFor, type BenchResult } from './harness';
import { formatUsage, startCounting, type StackUsage } from './stack';
import type { BenchArgs } from './index';

const TARGET_ADDED_AT_10 = 0.05;
const WARMUP_SECONDS = 5;
const METRICS_TOKEN = 'bench-observability-metrics-token';
const TERMS = ['milk', 'piza', 'bread', 'apple', 'coffee', 'banana', 'rice', 'water'];
const root = join(__dirname, '..', '..');

type Mode = { name: string; slug: string; ratio: number | null };
const MODES: Mode[] = [
  { name: 'tracing off', slug: 'off', ratio: null },
  { name: 'sampling 10 %', slug: '10', ratio: 0.1 },
  { name: 'sampling 100 %', slug: '100', ratio: 1 },
];
/** Only when asked for (BENCH_MODES=0): the SDK loaded and nothing sampled, what tracing costs at the least. */
const NOTHING_SAMPLED: Mode = { name: 'sampling 0 %', slug: '0', ratio: 0 };

/** Ports from BENCH_PORT_BASE (base … base+6 for the stack, base+7 for the sink), else free ones. */
const portBase = (): number | undefined => {
  const raw = process.env.BENCH_PORT_BASE;
  if (!raw) return undefined;
  const base = Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) throw new Error('BENCH_PORT_BASE must be a port number from 1024 to 65000');
  return base;
};
const portAt = async (offset: number): Promise<number> => {
  const base = portBase();
  return base === undefined ? freePort() : base + offset;
};

/** An OTLP/HTTP receiver that accepts every export and counts the spans in it (JSON encoding). */
async function startSink(): Promise<{ url: string; spans(): number; close(): Promise<void> }> {
  let spans = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[] };
        for (const r of body.resourceSpans ?? []) for (const s of r.scopeSpans ?? []) spans += s.spans?.length ?? 0;
      } catch {
        // not JSON: counted as nothing
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = portBase() === undefined ? 0 : await portAt(7);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans: () => spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * BENCH_COMPILED=1: the stack runs compiled (dist/, `node --conditions=production --enable-source-maps`,
 * NODE_ENV=production), as the production image does, with secrets of its own (production refuses the
 * published development ones); the customers' tokens are signed with the same JWT secret.
 */
const compiled = /^(1|true)$/i.test(process.env.BENCH_COMPILED ?? '');
const COMPILED_SECRETS = compiled ? { JWT_SECRET: randomBytes(32).toString('hex'), GATEWAY_HMAC_SECRET: randomBytes(32).toString('hex') } : {};

interface Stack {
  gatewayUrl: string;
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the six subgraphs, then the gateway, each as its own process, with `env` on top; with
 * `profileDir`, each runs under --cpu-prof and writes its profile there when it stops.
 */
async function startStack(env: NodeJS.ProcessEnv, profileDir?: string): Promise<Stack> {
  const owned: ReturnType<typeof ownedProcess>[] = [];
  const stop = () => Promise.all(owned.map((child) => child.stop())).then(() => undefined);
  const urls: Record<string, string> = {};
  const ports: Record<string, string> = {};
  for (const [i, { name }] of SUBGRAPHS.entries()) {
    const port = await portAt(i + 1);
    ports[`${name.toUpperCase()}_PORT`] = String(port);
    urls[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  const gatewayPort = await portAt(0);
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: compiled ? 'production' : 'development',
    ...COMPILED_SECRETS,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    SUPERGRAPH_WATCH: 'false',
    DEMO_CITY: 'off',
    METRICS_TOKEN,
    RATE_LIMIT_ANONYMOUS: '100000000',
    RATE_LIMIT_USER: '100000000',
    ...ports,
    ...urls,
    GATEWAY_PORT: String(gatewayPort),
    ...env,
  };
  const spawnOne = (name: string, path: string) => {
    const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
    // Logs go to a file (written in every run alike); a process that dies says where to read why.
    const logFile = join(tmpdir(), `bench-observability-${process.pid}-${name}.log`);
    const out = openSync(logFile, 'w');
    const program = compiled ? ['--conditions=production', '--enable-source-maps', join(root, 'dist', path.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', join(root, path)];
    const child = spawn(process.execPath, [...profiling, ...program], { cwd: root, env: common, stdio: ['ignore', out, 'inherit'] });
    closeSync(out);
    const one = ownedProcess(child, name);
    owned.push(one);
    return () => {
      const why = one.exited();
      return why && `${why} (its log: ${logFile})`;
    };
  };
  try {
    for (const { name } of SUBGRAPHS) {
      const exited = spawnOne(name, `subgraphs/${name}/src/index.ts`);
      const health = urls[`${name.toUpperCase()}_URL`]!.replace(/\/graphql$/, '/health');
      await waitFor(`${name} to start`, 120_000, async () => ((await fetch(health)).ok ? true : undefined), exited);
    }
    const exited = spawnOne('gateway', 'gateway/src/index.ts');
    await waitFor('the gateway to start', 120_000, async () => ((await fetch(`http://127.0.0.1:${gatewayPort}/health`)).ok ? true : undefined), exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    urls,
    stop,
  };
}

/**
 * Starts a stack, again (up to 3 times) when a process of it dies while starting: on a shared machine
 * Postgres may refuse a connection for a moment ("too many clients"), which says nothing of tracing.
 */
async function startWithRetries(env: NodeJS.ProcessEnv, profileDir?: string): Promise<Stack> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startStack(env, profileDir);
    } catch (error) {
      if (attempt >= 3) throw error;
      console.log(`  starting the stack failed (${(error as Error).message}); starting it again`);
    }
  }
}

async function mix() {
  const secret = COMPILED_SECRETS.JWT_SECRET ?? process.env.JWT_SECRET ?? DEV_JWT_SECRET;
  const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => signDevToken(secret, { sub: `cus_${String(i + 1).padStart(3, '0')}`, role: 'customer' })));
  let n = 0;
  let headers: Record<string, string> = {};
  const nextBody = () => {
    const slot = n++ % 10;
    headers = { 'apollographql-client-name': 'customer-app' };
    if (slot < 5) return operationRequest(BrowseProductsDocument, { first: 20 });
    if (slot < 7) return operationRequest(BrowseProductsDocument, { filter: { search: TERMS[n % TERMS.length] }, first: 10 });
    if (slot < 8) return operationRequest(CategoriesDocument, {});
    headers = { ...headers, authorization: `Bearer ${customers[n % customers.length]}` };
    return operationRequest(MyOrdersDocument, { first: 5 });
  };
  return { nextBody, nextHeaders: () => headers };
}

/** Scrapes /metrics of every process every 5 s, as Prometheus would, while the run lasts. */
function scrapeEvery5s(stack: Stack): () => void {
  const targets = [stack.gatewayUrl, ...Object.values(stack.urls)].map((u) => u.replace(/\/graphql$/, '/metrics'));
  const timer = setInterval(() => {
    for (const url of targets) void fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text(), () => undefined);
  }, 5000);
  return () => clearInterval(timer);
}

interface Run {
  round: number;
  mode: Mode;
  result: BenchResult;
  usage: StackUsage;
  stackMs: number;
  gatewayMs: number;
  spansPerRequest: number;
  shortfall: boolean;
}

const ownSeconds = (usage: StackUsage) => usage.processes.filter((p) => !p.shared).reduce((sum, p) => sum + p.cpuSeconds, 0);

async function measure(round: number, mode: Mode, args: BenchArgs, sink: Awaited<ReturnType<typeof startSink>>): Promise<Run> {
  const tracing: NodeJS.ProcessEnv =
    mode.ratio === null ? { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' } : { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_TRACES_SAMPLER_ARG: String(mode.ratio), OTEL_BSP_SCHEDULE_DELAY: '1000' };
  const profiles = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF, `${round + 1}-${mode.slug}`) : undefined;
  if (profiles) mkdirSync(profiles, { recursive: true });
  const stack = await startWithRetries(tracing, profiles);
  // The stack's counting finds processes by these (subgraphUrl reads <NAME>_URL).
  Object.assign(process.env, stack.urls);
  const stopScraping = scrapeEvery5s(stack);
  try {
    const connections = Math.max(10, Math.ceil(args.rate / 2));
    await runFixedRate({ title: 'warm-up', url: stack.gatewayUrl, rate: args.rate, durationSeconds: WARMUP_SECONDS, connections, ...(await mix()) });
    const spansBefore = sink.spans();
    const counting = await startCounting(stack.gatewayUrl);
    const result = await runFixedRate({ title: `${mode.name}: ${args.rate}/s for ${args.duration}s`, url: stack.gatewayUrl, rate: args.rate, durationSeconds: args.duration, connections, ...(await mix()) });
    const usage = await counting();
    // The last batch leaves within OTEL_BSP_SCHEDULE_DELAY (1 s here).
    await new Promise((r) => setTimeout(r, 1500));
    const answered = Math.max(1, result.requests);
    const gateway = usage.processes.find((p) => p.name === 'gateway')?.cpuSeconds ?? NaN;
    return {
      round,
      mode,
      result,
      usage,
      stackMs: (ownSeconds(usage) * 1000) / answered,
      gatewayMs: (gateway * 1000) / answered,
      spansPerRequest: (sink.spans() - spansBefore) / answered,
      shortfall: result.throughput < RATE_TOLERANCE * args.rate,
    };
  } finally {
    stopScraping();
    await stack.stop();
  }
}

/** The median: the middle value, or the mean of the middle two when the count is even. */
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** BENCH_MODES: which modes to run (0, 10, 100, comma-separated; default 10,100); `off` always runs, it is the baseline. */
function chosenModes(): Mode[] {
  const raw = process.env.BENCH_MODES;
  if (!raw) return MODES;
  const known = [MODES[0]!, NOTHING_SAMPLED, ...MODES.slice(1)];
  const wanted = new Set(['off', ...raw.split(',').map((m) => m.trim())]);
  const unknown = [...wanted].filter((slug) => !known.some((m) => m.slug === slug));
  if (unknown.length) throw new Error(`BENCH_MODES: unknown mode ${unknown.join(', ')} (0, 10, 100)`);
  return known.filter((m) => wanted.has(m.slug));
}

export async function run(args: BenchArgs): Promise<void> {
  const rounds = intEnv('BENCH_ROUNDS', 1);
  if (compiled && !existsSync(join(root, 'dist', 'gateway', 'src', 'index.js'))) throw new Error('BENCH_COMPILED: dist/ is missing; run npm run build first');
  const modes = chosenModes();
  const sink = await startSink();
  console.log(`\nobservability: the same mix through a stack started per mode (tracing off, 10 %, 100 %), ${rounds} round(s), ${args.rate}/s for ${args.duration}s per run`);
  const runs: Run[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      // Alternate the order between rounds so drift on a shared machine does not favour one mode.
      for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
        const r = await measure(round, mode, args, sink);
        printResult(r.result);
        console.log(formatUsage(r.usage, r.result.requests, 'request'));
        console.log(`  spans exported ${r.spansPerRequest.toFixed(2)} per request${r.shortfall ? '  (FELL SHORT of the target rate)' : ''}`);
        runs.push(r);
      }
    }
  } finally {
    await sink.close();
  }
  const of = (mode: Mode) => runs.filter((r) => r.mode === mode);
  const stackMs = (mode: Mode) => median(of(mode).map((r) => r.stackMs));
  const gatewayMs = (mode: Mode) => median(of(mode).map((r) => r.gatewayMs));
  const [off, ten] = MODES as [Mode, Mode, Mode];
  const added = (mode: Mode) => stackMs(mode) / stackMs(off) - 1;
  const short = runs.some((r) => r.shortfall);
  const failed = runs.some((r) => r.result.errors > 0 || r.result.non2xx > 0 || r.result.graphqlErrors > 0);
  const untraced = runs.some((r) => r.mode.ratio !== null && r.spansPerRequest === 0);
  const met = modes.includes(ten) && !short && !failed && !untraced && added(ten) <= TARGET_ADDED_AT_10;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
  const load = (r: Run) => `load ${r.usage.loadBefore.map((l) => l.toFixed(1)).join('/')} → ${r.usage.loadAfter.map((l) => l.toFixed(1)).join('/')}`;
  console.log(
    [
      '',
      'observability runs, in the order they ran (stack = gateway + subgraphs + Postgres backends)',
      ...runs.map(
        (r) =>
          `  round ${r.round + 1}  ${r.mode.name.padEnd(15)} stack ${r.stackMs.toFixed(3)} ms/request, gateway ${r.gatewayMs.toFixed(3)} ms, spans ${r.spansPerRequest.toFixed(2)}/request, ${r.result.throughput.toFixed(1)}/s${r.shortfall ? ' (SHORT)' : ''}, ${load(r)}`,
      ),
      '',
      `observability summary (median over ${rounds} round(s)${rounds % 2 === 0 ? ': the mean of the middle two' : ''})`,
      ...modes.map(
        (m) =>
          `  ${m.name.padEnd(15)} stack ${stackMs(m).toFixed(3)} ms/request (${m === off ? 'baseline' : pct(added(m))}), gateway ${gatewayMs(m).toFixed(3)} ms, spans ${median(of(m).map((r) => r.spansPerRequest)).toFixed(2)}/request, ${median(of(m).map((r) => r.result.throughput)).toFixed(1)}/s`,
      ),
      `  target              ≤ ${TARGET_ADDED_AT_10 * 100} % added stack CPU per request at 10 % sampling: ${met ? 'MET' : 'MISSED'}${short ? ' (a run fell short of the target rate)' : ''}${failed ? ' (failures in a run)' : ''}${untraced ? ' (a traced run exported no spans)' : ''}`,
    ].join('\n'),
  );
}
