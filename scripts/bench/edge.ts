/**
 * What the edge costs, and what pre-planning saves. Two parts, each on gateway processes it starts
 * itself (the real `gateway/src/index.ts`, on free ports, pointed at the running subgraphs):
 *
 * 1. Added CPU per request: the same request mix through a gateway with the edge on, then off
 *    (`EDGE_ENABLED=false`: no limits, no rate limits), alternating, BENCH_ROUNDS pairs (default 2).
 *    The gateway's CPU time (user + system, /proc/<pid>/stat) over each run, divided by the requests
 *    answered, is its CPU per request; the edge's added CPU is the difference of the medians. Target
 *    ≤ 0.1 ms. MET only when that holds AND every run achieved ≥ 95 % of the target rate (a gateway
 *    that fell behind did less work per second, and its CPU per request says less) without failures.
 *    The mix, per 20 requests: 8 catalog pages and 4 searches (anonymous; the customer app's
 *    BrowseProducts), 2 category lists, 4 customers' MyOrders, 2 partner catalog pages sent by id
 *    (registered policy). Budgets are raised so the rate limiter counts in Redis but never refuses.
 * 2. First-call latency of registered operations: a gateway with pre-planning off, then one with it
 *    on (OPERATIONS_PREPLAN), each fresh; every registered query is called once, in turn, and timed.
 *    The queries are every first-party client's (clients/), registered for the bench partner
 *    `partner:bench` and sent by id with the variables pre-planning itself uses; the partner may read
 *    little of it, so most answers are authorization errors from the subgraphs — after planning, which
 *    is what is measured. A second call of each shows the warm latency for comparison.
 *
 * Needs the six subgraphs up and seeded (`npm start`), and Redis and NATS at REDIS_URL / NATS_URL under
 * the stack's EVENTS_PREFIX (the bench registers `partner:bench` there). Env: BENCH_ROUNDS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { connectNats, createRedis, DEV_JWT_SECRET, EventBus, SUBGRAPHS, subgraphUrl } from '@qc/shared';
import { CLIENT_NAMES, manifestPath } from '../../clients/clients';
import { BrowseProductsDocument, CategoriesDocument, MyOrdersDocument } from '../../clients/customer-app/__generated__/graphql';
import { PartnerCatalogPageDocument } from '../../clients/partner-example/__generated__/graphql';
import { operationRequest, type ManifestOperation, type PersistedQueryManifest } from '../../clients/persisted';
import { signDevToken } from '../../gateway/src/auth';
import { placeholderVariables } from '../../gateway/src/operations/preplan';
import { operationsNamespace, OperationStore } from '../../gateway/src/operations/store';
import { publishManifest } from '../operations-publish';
import { freePort, intEnv, ownedProcess, percentile, printResult, RATE_TOLERANCE, runFixedRate, sample, waitFor, type BenchResult } from './harness';
import { formatUsage, startCounting } from './stack';
import type { BenchArgs } from './index';

const TARGET_MS_PER_REQUEST = 0.1;
const WARMUP_SECONDS = 3;
/** The partner the bench registers its operations for, and calls as. */
const BENCH_PARTNER = 'bench';
/** Open connections per request per second: enough that a slow answer never holds back the arrival rate. */
const connectionsFor = (rate: number) => Math.max(10, Math.ceil(rate / 2));

const TERMS = ['milk', 'piza', 'bread', 'apple', 'coffee', 'banana', 'rice', 'water'];
const secret = () => process.env.JWT_SECRET ?? DEV_JWT_SECRET;

interface Run {
  edge: boolean;
  result: BenchResult;
  /** CPU per operation of every process of the stack, as the other benches print it. */
  usage: string;
  cpuSeconds: number;
  msPerRequest: number;
  shortfall: boolean;
}

/** Every first-party client's queries, once each (several clients may share one), for `partner:bench`. */
function benchOperations(): ManifestOperation[] {
  const byId = new Map<string, ManifestOperation>();
  for (const client of CLIENT_NAMES) {
    const manifest = JSON.parse(readFileSync(manifestPath(client), 'utf8')) as PersistedQueryManifest;
    for (const op of manifest.operations) if (op.type === 'query') byId.set(op.id, op);
  }
  return [...byId.values()];
}

/** Registers the bench's operations for `partner:bench` in the stack's Redis, as `operations:publish` does. */
async function registerBenchPartner(operations: ManifestOperation[]): Promise<void> {
  const prefix = process.env.EVENTS_PREFIX ?? 'qc';
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const nats = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench-edge');
  try {
    const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));
    const outcome = await publishManifest({
      client: `partner:${BENCH_PARTNER}`,
      manifest: { format: 'apollo-persisted-query-manifest', version: 1, operations },
      schema,
      store: new OperationStore(redis, operationsNamespace(prefix)),
      bus: new EventBus(nats, prefix),
      nats,
    });
    if (!outcome.ok) throw new Error(`registering the bench's operations failed: ${outcome.problems.map((p) => `${p.operation}: ${p.reason}`).join('; ')}`);
  } finally {
    redis.disconnect();
    await nats.drain();
  }
}

const partnerToken = () => signDevToken(secret(), { sub: 'svc_bench', role: 'partner', partnerId: BENCH_PARTNER });

async function mix() {
  const customers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => signDevToken(secret(), { sub: `cus_${String(i + 1).padStart(3, '0')}`, role: 'customer' })),
  );
  const partner = await partnerToken();
  let n = 0;
  let headers: Record<string, string> = {};
  const nextBody = () => {
    const slot = n++ % 20;
    headers = {};
    if (slot < 8) return operationRequest(BrowseProductsDocument, { first: 20 });
    if (slot < 12) return operationRequest(BrowseProductsDocument, { filter: { search: TERMS[n % TERMS.length] }, first: 10 });
    if (slot < 14) return operationRequest(CategoriesDocument, {});
    if (slot < 18) {
      headers = { authorization: `Bearer ${customers[n % customers.length]}` };
      return operationRequest(MyOrdersDocument, { first: 5 });
    }
    headers = { authorization: `Bearer ${partner}` };
    return operationRequest(PartnerCatalogPageDocument, { first: 10 }, { byId: true });
  };
  return { nextBody, nextHeaders: () => headers };
}

interface Gateway {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startGateway(env: NodeJS.ProcessEnv): Promise<Gateway> {
  const port = await freePort();
  const root = join(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'gateway', 'src', 'index.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      GATEWAY_PORT: String(port),
      LOG_LEVEL: 'warn',
      SUPERGRAPH_WATCH: 'false',
      // Counted in Redis on every request, never refused: the cost of the check is what is measured.
      RATE_LIMIT_ANONYMOUS: '100000000',
      RATE_LIMIT_USER: '100000000',
      RATE_LIMIT_PARTNER: '100000000',
      ...Object.fromEntries(SUBGRAPHS.map(({ name }) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)])),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Interrupted: do not leave the gateway process behind.
  const { exited, stop } = ownedProcess(child, 'the gateway');
  try {
    // /health answers once the gateway listens, which it does only after pre-planning (when on).
    await waitFor('the gateway start', 120_000, async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, url: `http://127.0.0.1:${port}/graphql`, stop };
}

async function measure(edge: boolean, args: BenchArgs): Promise<Run> {
  const gateway = await startGateway({ EDGE_ENABLED: String(edge) });
  try {
    const pid = gateway.process.pid!;
    // Warm-up: JIT, query plans, pooled connections, Redis scripts.
    const connections = connectionsFor(args.rate);
    await runFixedRate({ title: 'warm-up', url: gateway.url, rate: args.rate, durationSeconds: WARMUP_SECONDS, connections, ...(await mix()) });
    const counting = await startCounting(gateway.url);
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
    const usage = await counting();
    const shortfall = result.throughput < RATE_TOLERANCE * args.rate;
    return { edge, result, usage: formatUsage(usage, result.ok), cpuSeconds, msPerRequest: (cpuSeconds * 1000) / Math.max(1, result.requests), shortfall };
  } finally {
    await gateway.stop();
  }
}

interface FirstCalls {
  preplan: boolean;
  /** What the gateway's /health says pre-planning did before it listened. */
  preplanned: { planned: number; failed: number; lastRoundMs: number };
  first: number[];
  second: number[];
  /** Operation → the code of its first answer's first error (authorization, mostly), if any. */
  codes: Map<string, string>;
}

/** A fresh gateway; each registered query called twice in turn, the first and second call timed. */
async function firstCalls(preplan: boolean, operations: ManifestOperation[]): Promise<FirstCalls> {
  const gateway = await startGateway({ OPERATIONS_PREPLAN: String(preplan) });
  try {
    const health = (await (await fetch(gateway.url.replace(/graphql$/, 'health'))).json()) as { operations: { preplan: FirstCalls['preplanned'] } };
    const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await partnerToken()}` };
    const out: FirstCalls = { preplan, preplanned: health.operations.preplan, first: [], second: [], codes: new Map() };
    for (const op of operations) {
      const body = JSON.stringify({ operationName: op.name, variables: placeholderVariables(schema, op) ?? {}, extensions: { persistedQuery: { version: 1, sha256Hash: op.id } } });
      for (const times of [out.first, out.second]) {
        const started = performance.now();
        const res = await fetch(gateway.url, { method: 'POST', headers, body });
        const answer = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
        times.push(performance.now() - started);
        if (times === out.first && answer.errors?.length) out.codes.set(op.name, answer.errors[0]!.extensions?.code ?? 'ERROR');
      }
    }
    return out;
  } finally {
    await gateway.stop();
  }
}

/** The middle value; the mean of the two middle ones for an even count (two rounds give two runs each). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  return `median ${percentile(sorted, 50).toFixed(1)}  p95 ${percentile(sorted, 95).toFixed(1)}  max ${(sorted.at(-1) ?? NaN).toFixed(1)}  sum ${sum.toFixed(0)} ms`;
};

export async function run(args: BenchArgs): Promise<void> {
  for (const { name } of SUBGRAPHS) {
    const ok = await fetch(subgraphUrl(name).replace(/\/graphql$/, '/health')).then((r) => r.ok).catch(() => false);
    if (!ok) throw new Error(`${name} does not answer at ${subgraphUrl(name)}: start the supergraph first (npm start)`);
  }
  const rounds = intEnv('BENCH_ROUNDS', 2);
  const operations = benchOperations();
  await registerBenchPartner(operations);

  console.log(`\nedge: first call of ${operations.length} registered queries (partner:${BENCH_PARTNER}, by id), pre-planning off, then on`);
  const calls: FirstCalls[] = [];
  for (const preplan of [false, true]) {
    const c = await firstCalls(preplan, operations);
    calls.push(c);
    console.log(
      [
        `\npre-planning ${preplan ? 'ON ' : 'OFF'}${preplan ? `: planned ${c.preplanned.planned} (failed ${c.preplanned.failed}) in ${c.preplanned.lastRoundMs} ms before listening` : ''}`,
        `  first call    ${stats(c.first)}`,
        `  second call   ${stats(c.second)}`,
      ].join('\n'),
    );
  }
  const [off, on] = calls as [FirstCalls, FirstCalls];
  console.log(`\n  ${'operation'.padEnd(28)} ${'off: 1st'.padStart(9)} ${'2nd'.padStart(7)}   ${'on: 1st'.padStart(8)} ${'2nd'.padStart(7)}  answer`);
  operations.forEach((op, i) => {
    const ms = (v: number | undefined) => (v ?? NaN).toFixed(1).padStart(7);
    console.log(`  ${op.name.padEnd(28)} ${ms(off.first[i]).padStart(9)} ${ms(off.second[i])}   ${ms(on.first[i]).padStart(8)} ${ms(on.second[i])}  ${on.codes.get(op.name) ?? 'data'}`);
  });

  console.log(`\nedge: the same mix with the edge on and off, ${rounds} round(s) of each, ${args.rate}/s for ${args.duration}s per run`);
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const edge of round % 2 === 0 ? [true, false] : [false, true]) {
      const r = await measure(edge, args);
      printResult(r.result);
      console.log(r.usage);
      console.log(`  gateway CPU   ${r.cpuSeconds.toFixed(2)} s = ${r.msPerRequest.toFixed(3)} ms per request at ${r.result.throughput.toFixed(1)}/s${r.shortfall ? `  (FELL SHORT of ${Math.round(RATE_TOLERANCE * 100)} % of ${args.rate}/s)` : ''}`);
      runs.push(r);
    }
  }
  const edgeOn = runs.filter((r) => r.edge);
  const edgeOff = runs.filter((r) => !r.edge);
  const added = median(edgeOn.map((r) => r.msPerRequest)) - median(edgeOff.map((r) => r.msPerRequest));
  const rate = (rs: Run[]) => rs.map((r) => r.result.throughput.toFixed(1)).join(', ');
  const short = runs.some((r) => r.shortfall);
  const failed = runs.some((r) => r.result.errors > 0 || r.result.non2xx > 0 || r.result.graphqlErrors > 0);
  const met = !short && !failed && added <= TARGET_MS_PER_REQUEST;
  console.log(
    [
      '',
      'edge summary',
      `  achieved rate       edge on ${rate(edgeOn)}/s; edge off ${rate(edgeOff)}/s (target ${args.rate}/s, ≥ ${Math.round(RATE_TOLERANCE * 100)} % needed)`,
      `  gateway CPU/request edge on ${median(edgeOn.map((r) => r.msPerRequest)).toFixed(3)} ms, edge off ${median(edgeOff.map((r) => r.msPerRequest)).toFixed(3)} ms (medians of the runs)`,
      `  added by the edge   ${added.toFixed(3)} ms CPU per request`,
      `  target              ≤ ${TARGET_MS_PER_REQUEST} ms added CPU per request at ${args.rate}/s: ${met ? 'MET' : 'MISSED'}${short ? ' (a run fell short of the target rate)' : ''}${failed ? ' (transport errors, non-2xx or GraphQL errors)' : ''}`,
      `  first call          ${operations.length} registered queries: median ${median(off.first).toFixed(1)} ms without pre-planning, ${median(on.first).toFixed(1)} ms with (second call ${median(off.second).toFixed(1)} / ${median(on.second).toFixed(1)} ms)`,
      `  machine             load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at the end (shared)`,
    ].join('\n'),
  );
}
