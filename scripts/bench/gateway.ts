/**
 * Our gateway against a stock `@apollo/gateway` + `@apollo/server` (scripts/bench/stock-gateway.ts), on
 * the same supergraph (the committed one) and the same running subgraphs, back to back: BENCH_ROUNDS
 * rounds (default 3), the order of the two alternating from round to round, each gateway a fresh process.
 *
 * Both run compiled (`npm run build`; the stock script is transpiled beside it into dist/) with the
 * production flags `node --conditions=production --enable-source-maps` and NODE_ENV=production. Ours
 * has every feature on: JWT auth, edge limits (depth, aliases, cost), rate limits counted in Redis on
 * every request (budgets raised so none is refused), the operation policy, APQ, HMAC-signed subgraph
 * calls, request metrics (/metrics read before and after each run), JSON access logs at info (written
 * to /dev/null), live subscriptions served beside it (idle). Tracing is off in both (no OTLP endpoint,
 * the production default). The stock gateway has nothing but what the subgraphs need to answer at
 * all: the caller's identity forwarded (sent by the bench in `x-qc-identity`; ours gets a JWT) and the
 * same HMAC signature per subgraph call — a few microseconds per fetch, in its figure, not ours.
 *
 * Two queries, each at a fixed open-loop rate after a warm-up: the heavy one (an admin reads an order
 * with its items, products, stock levels, store, pick task, delivery, courier, position and ETAs: the
 * fetch count of its query plan is printed) at --rate (default 20/s), and the simple read
 * `product(id) { name price }` at BENCH_READ_RATE (default 200/s). Per gateway and query: CPU ms per
 * request of the gateway process (/proc/<pid>/stat), its peak RSS (VmHWM, /proc/<pid>/status, since
 * the process started), the achieved rate and p50/p99; then ours/stock of the medians. Target: ≤ 1.0×
 * stock CPU per request with every feature on; MET only when every run achieved ≥ 95 % of its rate.
 *
 * Needs the six subgraphs running compiled in production mode (`npm run build`, then `npm run
 * start:prod` with GATEWAY_HMAC_SECRET, JWT_SECRET and METRICS_TOKEN set) and a seeded city, with the
 * same environment here (<NAME>_URL / <NAME>_PORT, GATEWAY_HMAC_SECRET, REDIS_URL, NATS_URL,
 * EVENTS_PREFIX). BENCH_PORT: the first of the two ports the bench's gateways listen on (default: free
 * ports). BENCH_BUILD=skip: use dist/ as it is.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { operationFromDocument } from '@apollo/federation-internals';
import { parse } from 'graphql';
import ts from 'typescript';
import { encodeIdentity, signRequest, SUBGRAPHS, subgraphUrl, type Identity, type SubgraphName } from '@qc/shared';
import { signDevToken } from '../../gateway/src/auth';
import { DatasetMissing, freePort, intEnv, ownedProcess, printResult, RATE_TOLERANCE, runFixedRate, waitFor, warmupSeconds, type BenchResult } from './harness';
import { cpuSecondsOf } from './stack';
import type { BenchArgs } from './index';

const root = join(__dirname, '..', '..');
const SUPERGRAPH_PATH = join(root, 'schema', 'supergraph.graphql');
const STOCK_SOURCE = join(__dirname, 'stock-gateway.ts');
const STOCK_COMPILED = join(root, 'dist', 'scripts', 'bench', 'stock-gateway.js');
const OURS_COMPILED = join(root, 'dist', 'gateway', 'src', 'index.js');
/** The production image's node flags (Dockerfile, `npm run start:prod`), for both gateways. */
const NODE_FLAGS = ['--conditions=production', '--enable-source-maps'];
const TARGET_RATIO = 1.0;
const METRICS_TOKEN = randomBytes(24).toString('hex');
const ADMIN: Identity = { sub: 'adm_bench', role: 'admin' };

/** 16 subgraph fetches in its plan on the committed supergraph (printed at the start of every run). */
const HEAVY = `query HeavyOrder($id: ID!) {
  order(id: $id) {
    id status total { amountCents currency } placedAt
    items { quantity product { name price { amountCents } category { name } stockLevels { available } } }
    store { name isOpen openTaskCount }
    pickTask { status isLate order { updatedAt } items { quantity product { name stockLevels { available } } } store { name openTaskCount } }
    delivery { status order { placedAt customer { name } } courier { name vehicle rating homeStore { name isOpen openTaskCount } position { lat lng recordedAt eta { minutesRemaining } } } }
    eta { minutesRemaining }
  }
}`;
const READ = 'query Product($id: ID!) { product(id: $id) { name price { amountCents currency } } }';

type Kind = 'ours' | 'stock';
type QueryName = 'heavy' | 'read';

interface Phase {
  result: BenchResult;
  rate: number;
  msPerRequest: number;
  /** VmHWM after the run: the process's peak resident memory since it started. */
  peakMb: number;
  /** Subgraph fetches per answered request, from our gateway's own metrics (ours only). */
  fetchesPerRequest?: number;
}

interface GatewayRun {
  kind: Kind;
  round: number;
  phases: Record<QueryName, Phase>;
}

/** A GraphQL call straight to a subgraph, signed as the gateway signs (dataset discovery only). */
async function subgraphCall<T>(name: SubgraphName, secret: string, query: string, variables: Record<string, unknown> = {}, identity: Identity | null = ADMIN): Promise<T> {
  const url = subgraphUrl(name);
  const body = JSON.stringify({ query, variables });
  const headers = signRequest(secret, { method: 'POST', target: new URL(url).pathname, body }, identity, 'bench-gateway');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (json.errors?.length || !json.data) throw new Error(`${name}: ${json.errors?.[0]?.message ?? `answered ${res.status} without data`}`);
  return json.data;
}

/** Orders whose delivery has a courier (so every fetch of the heavy plan has entities), and product ids. */
async function dataset(secret: string): Promise<{ orders: string[]; products: string[] }> {
  const { stores } = await subgraphCall<{ stores: { id: string }[] }>('availability', secret, '{ stores { id } }');
  const candidates: string[] = [];
  for (const { id } of stores) {
    const { storeQueue } = await subgraphCall<{ storeQueue: { edges: { node: { order: { id: string } } }[] } }>(
      'fulfillment',
      secret,
      'query Packed($id: ID!) { storeQueue(storeId: $id, status: PACKED, first: 100) { edges { node { order { id } } } } }',
      { id },
    );
    candidates.push(...storeQueue.edges.map((e) => e.node.order.id));
  }
  const orders: string[] = [];
  if (candidates.length) {
    const { _entities } = await subgraphCall<{ _entities: ({ id: string; delivery: { courier: { id: string } | null } | null } | null)[] }>(
      'delivery',
      secret,
      'query Couriers($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id delivery { courier { id } } } } }',
      { reps: candidates.map((id) => ({ __typename: 'Order', id })) },
    );
    for (const o of _entities) if (o?.delivery?.courier) orders.push(o.id);
  }
  const { products } = await subgraphCall<{ products: { edges: { node: { id: string } }[] } }>('catalog', secret, '{ products(first: 50) { edges { node { id } } } }', {}, null);
  if (orders.length === 0 || products.edges.length === 0) {
    throw new DatasetMissing('bench gateway needs a seeded city with packed orders out for delivery (npm run seed, or npm run start:prod on an empty database)');
  }
  return { orders, products: products.edges.map((e) => e.node.id) };
}

interface PlanNode {
  kind: string;
  serviceName?: string;
  node?: PlanNode;
  nodes?: PlanNode[];
  [key: string]: unknown;
}

/** Fetches in the heavy query's plan on the committed supergraph, by subgraph. */
async function planFetches(): Promise<Record<string, number>> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
  await gateway.load();
  try {
    const planner = gateway.__testing().queryPlanner!;
    const plan = planner.buildQueryPlan(operationFromDocument(planner.supergraph.schema, parse(HEAVY), { validate: true }));
    const bySubgraph: Record<string, number> = {};
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(walk);
      const n = node as PlanNode;
      if (n.kind === 'Fetch' && n.serviceName) bySubgraph[n.serviceName] = (bySubgraph[n.serviceName] ?? 0) + 1;
      for (const key of ['node', 'nodes', 'primary', 'deferred', 'ifClause', 'elseClause']) walk(n[key]);
    };
    walk(plan.node);
    return bySubgraph;
  } finally {
    await gateway.stop();
  }
}

/** `npm run build` (incremental), then the stock gateway transpiled beside it so it runs with the same flags. */
function compile(): void {
  if (process.env.BENCH_BUILD !== 'skip') execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const out = ts.transpileModule(readFileSync(STOCK_SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    fileName: STOCK_SOURCE,
  });
  mkdirSync(join(root, 'dist', 'scripts', 'bench'), { recursive: true });
  writeFileSync(STOCK_COMPILED, out.outputText);
}

interface Started {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startGateway(kind: Kind, port: number, secrets: { hmac: string; jwt: string }): Promise<Started> {
  const urls = Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)]));
  const common = { ...process.env, ...urls, NODE_ENV: 'production', GATEWAY_PORT: String(port), GATEWAY_HMAC_SECRET: secrets.hmac, APOLLO_TELEMETRY_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' };
  const env: NodeJS.ProcessEnv =
    kind === 'stock'
      ? { ...common, SUPERGRAPH_PATH }
      : {
          ...common,
          JWT_SECRET: secrets.jwt,
          METRICS_TOKEN,
          LOG_LEVEL: 'info',
          LOG_FORMAT: 'json',
          SUPERGRAPH_WATCH: 'false',
          // Counted in Redis on every request, never refused: the cost of the check is what is measured.
          RATE_LIMIT_ANONYMOUS: '100000000',
          RATE_LIMIT_USER: '100000000',
          RATE_LIMIT_PARTNER: '100000000',
        };
  const child = spawn(process.execPath, [...NODE_FLAGS, kind === 'stock' ? STOCK_COMPILED : OURS_COMPILED], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const { exited, stop } = ownedProcess(child, `the ${kind} gateway`);
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await waitFor(`the ${kind} gateway to start`, 120_000, async () => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      return res.ok ? true : undefined;
    }, exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, url, stop };
}

const peakMbOf = (pid: number): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Subgraph fetches our gateway has made so far (its fetch-duration histogram's counts). */
async function fetchesSoFar(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith('gateway_subgraph_fetch_duration_seconds_count')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

interface Load {
  title: string;
  rate: number;
  nextBody: () => unknown;
  headers: Record<string, string>;
}

async function measurePhase(kind: Kind, gateway: Started, load: Load, duration: number): Promise<Phase> {
  const pid = gateway.child.pid!;
  const connections = Math.max(16, Math.ceil(load.rate / 2));
  const warmup = warmupSeconds();
  if (warmup > 0) await runFixedRate({ title: 'warm-up', url: gateway.url, rate: load.rate, durationSeconds: warmup, connections, headers: load.headers, nextBody: load.nextBody });
  const fetchesBefore = kind === 'ours' ? await fetchesSoFar(gateway.url) : 0;
  const before = cpuSecondsOf(pid) ?? NaN;
  const result = await runFixedRate({ title: `${kind}: ${load.title} at ${load.rate}/s for ${duration}s (pid ${pid})`, url: gateway.url, rate: load.rate, durationSeconds: duration, connections, headers: load.headers, nextBody: load.nextBody });
  const cpuSeconds = (cpuSecondsOf(pid) ?? NaN) - before;
  const answered = Math.max(1, result.requests);
  return {
    result,
    rate: load.rate,
    msPerRequest: (cpuSeconds * 1000) / answered,
    peakMb: peakMbOf(pid),
    fetchesPerRequest: kind === 'ours' ? ((await fetchesSoFar(gateway.url)) - fetchesBefore) / answered : undefined,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

export async function run(args: BenchArgs): Promise<void> {
  const hmac = process.env.GATEWAY_HMAC_SECRET;
  if (!hmac) throw new Error('bench gateway: set GATEWAY_HMAC_SECRET to the running subgraphs\' secret (start them with npm run start:prod; production refuses the development secret)');
  for (const { name } of SUBGRAPHS) {
    const ok = await fetch(subgraphUrl(name).replace(/\/graphql$/, '/health')).then((r) => r.ok).catch(() => false);
    if (!ok) throw new Error(`${name} does not answer at ${subgraphUrl(name)}: start the subgraphs first (npm run build && npm run start:prod, same environment)`);
  }
  const rounds = intEnv('BENCH_ROUNDS', 3);
  const heavyRate = args.rate;
  const readRate = intEnv('BENCH_READ_RATE', 200);
  const secrets = { hmac, jwt: process.env.JWT_SECRET ?? randomBytes(32).toString('hex') };
  const basePort = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
  const ports: Record<Kind, number> = { ours: basePort ?? (await freePort()), stock: basePort ? basePort + 1 : await freePort() };

  compile();
  const { orders, products } = await dataset(hmac);
  const fetches = await planFetches();
  const planned = Object.values(fetches).reduce((a, b) => a + b, 0);
  const adminToken = await signDevToken(secrets.jwt, { sub: ADMIN.sub, role: 'admin' });
  console.log(
    [
      `\ngateway: ours vs stock @apollo/gateway + @apollo/server, ${rounds} round(s), alternating; ${args.duration}s per run after ${warmupSeconds()}s warm-up`,
      `  heavy query   ${planned} subgraph fetches in its plan (${Object.entries(fetches).map(([k, v]) => `${k} ${v}`).join(', ')}), over ${orders.length} orders, as an admin, at ${heavyRate}/s`,
      `  simple read   product(id) { name price } over ${products.length} products, anonymous, at ${readRate}/s`,
      `  both          compiled, node ${NODE_FLAGS.join(' ')}, NODE_ENV=production; ours with every feature on, stock with identity forwarding + HMAC signing only`,
      `  machine       load average ${loadavg()} at the start (shared, 2 cores)`,
    ].join('\n'),
  );

  let n = 0;
  const loads = (kind: Kind): Record<QueryName, Load> => ({
    heavy: {
      title: `heavy order (${planned} fetches)`,
      rate: heavyRate,
      headers: kind === 'ours' ? { authorization: `Bearer ${adminToken}` } : { 'x-qc-identity': encodeIdentity(ADMIN) },
      nextBody: () => ({ query: HEAVY, variables: { id: orders[n++ % orders.length] } }),
    },
    read: { title: 'product(id) { name price }', rate: readRate, headers: {}, nextBody: () => ({ query: READ, variables: { id: products[n++ % products.length] } }) },
  });

  const runs: GatewayRun[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    for (const kind of (round % 2 === 1 ? ['ours', 'stock'] : ['stock', 'ours']) as Kind[]) {
      const gateway = await startGateway(kind, ports[kind], secrets);
      try {
        const phases = {} as Record<QueryName, Phase>;
        for (const query of ['heavy', 'read'] as QueryName[]) {
          const phase = await measurePhase(kind, gateway, loads(kind)[query], args.duration);
          printResult(phase.result);
          console.log(
            `  gateway       ${phase.msPerRequest.toFixed(3)} ms CPU per request, peak RSS ${phase.peakMb.toFixed(0)} MB${phase.fetchesPerRequest !== undefined ? `, ${phase.fetchesPerRequest.toFixed(1)} subgraph fetches per request (its metrics)` : ''}; load ${loadavg()}`,
          );
          phases[query] = phase;
        }
        runs.push({ kind, round, phases });
      } finally {
        await gateway.stop();
      }
    }
  }

  const lines = ['', 'gateway summary (medians over the rounds)'];
  let met = true;
  for (const query of ['heavy', 'read'] as QueryName[]) {
    const of = (kind: Kind) => runs.filter((r) => r.kind === kind).map((r) => r.phases[query]);
    const summary = (kind: Kind) => {
      const phases = of(kind);
      const short = phases.some((p) => p.result.throughput < RATE_TOLERANCE * p.rate);
      const failed = phases.some((p) => p.result.errors + p.result.non2xx + p.result.graphqlErrors > 0);
      const p50 = median(phases.map((p) => p.result.p50));
      const p99 = median(phases.map((p) => p.result.p99));
      return {
        cpu: median(phases.map((p) => p.msPerRequest)),
        rss: median(phases.map((p) => p.peakMb)),
        short,
        failed,
        text: `${kind.padEnd(6)} ${median(phases.map((p) => p.msPerRequest)).toFixed(3)} ms CPU/request (runs ${phases.map((p) => p.msPerRequest.toFixed(2)).join(', ')}), peak RSS ${median(phases.map((p) => p.peakMb)).toFixed(0)} MB, achieved ${phases.map((p) => p.result.throughput.toFixed(1)).join(', ')}/s of ${phases[0]?.rate}/s, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms${short ? '  (FELL SHORT of 95 %)' : ''}${failed ? '  (FAILURES)' : ''}`,
      };
    };
    const ours = summary('ours');
    const stock = summary('stock');
    const cpuRatio = ours.cpu / stock.cpu;
    const rssRatio = ours.rss / stock.rss;
    const ok = !ours.short && !stock.short && !ours.failed && !stock.failed && cpuRatio <= TARGET_RATIO;
    if (query === 'heavy') met = ok;
    lines.push(
      `  ${query === 'heavy' ? `heavy (${planned} fetches)` : 'simple read'}`,
      `    ${ours.text}`,
      `    ${stock.text}`,
      `    ours/stock   CPU ${cpuRatio.toFixed(2)}×, peak RSS ${rssRatio.toFixed(2)}×  → ≤ ${TARGET_RATIO.toFixed(1)}× CPU: ${ok ? 'MET' : 'MISSED'}${ours.short || stock.short ? ' (a run fell short of 95 % of its rate)' : ''}${ours.failed || stock.failed ? ' (failures)' : ''}`,
    );
  }
  lines.push(`  verdict       heavy query ≤ ${TARGET_RATIO.toFixed(1)}× stock CPU per request: ${met ? 'MET' : 'MISSED'}`, `  machine       load average ${loadavg()} at the end`);
  console.log(lines.join('\n'));
}
