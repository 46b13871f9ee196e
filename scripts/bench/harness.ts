/**
 * The benchmarks' one sender and one verdict. The sender is open loop: request i is due at
 * start + i / rate, whatever is still in flight, and its latency counts from that scheduled time, so a
 * slow answer can neither slow the arrivals nor hide behind them (no coordinated omission). A verdict is
 * MET only when the achieved rate is at least 95 % of the target rate AND the latency target holds AND
 * nothing failed. Benchmarks are scripts, never timed tests: this machine is shared and noisy.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpuSecondsOf, formatUsage, startCounting } from './stack';

export interface Target {
  /** Operations per second the target is stated at. */
  rate: number;
  p99Ms: number;
}

/** Share of the target rate a run must achieve for its latency to count. */
export const RATE_TOLERANCE = 0.95;

export interface FixedRateOptions {
  title: string;
  url: string;
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  /** Upper bound on open sockets (more requests wait for one, their wait counted in their latency). */
  connections?: number;
  headers?: Record<string, string>;
  /** Called for every request: return the JSON body to send (vary locations, queries …). */
  nextBody: () => unknown;
  /** Called for every request after `nextBody`: headers of that request (a token per caller …). */
  nextHeaders?: () => Record<string, string>;
  /** What an answer without GraphQL errors came to (`OrderPlaced`, `kept` …), counted by name. */
  classify?: (data: unknown) => string;
  /** A request that has not been answered by then fails as a transport error. */
  timeoutMs?: number;
}

export interface BenchResult {
  title: string;
  /** Requests sent. */
  sent: number;
  /** Requests answered (any status). */
  requests: number;
  /** Answered 200 with a parsable body and no GraphQL errors. */
  ok: number;
  /** Transport failures and timeouts. */
  errors: number;
  non2xx: number;
  /** Answers whose `errors` array is not empty, or whose body is not GraphQL JSON. */
  graphqlErrors: number;
  /** GraphQL errors by `extensions.code` (`UNPARSABLE` for a body that is not JSON). */
  errorCodes: Record<string, number>;
  outcomes: Record<string, number>;
  /** Rate offered: sent over the sending time. */
  offered: number;
  /** Rate achieved: `ok` over the time from the first scheduled request to the last answer. */
  throughput: number;
  elapsedSeconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** How late the sender itself was, p99 ms: large means the load generator, not the graph, set the pace. */
  senderLagP99: number;
  /** The first failure's answer (or transport message), to show what went wrong. */
  firstError?: string;
}

/** A positive whole number from the environment (a benchmark's size), else `fallback`. */
export const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** The n-th of 4096 client addresses in 198.18.0.0/15, the range set aside for benchmarks (RFC 2544). */
export const benchAddress = (n: number): string => `198.18.${(n >> 8) & 15}.${n & 255}`;

/** MET, or every reason it was missed. */
export function verdict(
  r: Pick<BenchResult, 'throughput' | 'p99' | 'errors' | 'non2xx' | 'graphqlErrors'>,
  target: Target,
): { met: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (!(r.throughput >= RATE_TOLERANCE * target.rate)) {
    reasons.push(`achieved ${r.throughput.toFixed(1)}/s, below ${Math.round(RATE_TOLERANCE * 100)} % of ${target.rate}/s`);
  }
  if (!(r.p99 < target.p99Ms)) reasons.push(Number.isNaN(r.p99) ? 'no answers' : `p99 ${r.p99.toFixed(1)} ms ≥ ${target.p99Ms} ms`);
  const failed = r.errors + r.non2xx + r.graphqlErrors;
  if (failed > 0) reasons.push(`${failed} requests failed`);
  return { met: reasons.length === 0, reasons };
}

/** When request `i` (from 0) is due, in ms after the start. */
export const scheduledOffsetMs = (i: number, rate: number): number => (i * 1000) / rate;

/** How many of `total` requests are due `elapsedMs` after the start (request 0 is due at once). */
export const dueCount = (elapsedMs: number, rate: number, total: number): number =>
  elapsedMs < 0 ? 0 : Math.min(total, Math.floor((elapsedMs * rate) / 1000) + 1);

export interface OpenLoopOptions {
  rate: number;
  durationSeconds: number;
  /** Sends request `i`, due at `scheduledAt` (on `now`'s clock); resolves when it is answered or failed. */
  send: (i: number, scheduledAt: number) => Promise<void>;
  /** Stops sending early; requests in flight are still awaited. */
  signal?: AbortSignal;
  /** Milliseconds, monotonic. */
  now?: () => number;
  tickMs?: number;
}

export interface OpenLoopRun {
  sent: number;
  /** On `now`'s clock. */
  startedAt: number;
  /** When the last request was sent. */
  sendingEndedAt: number;
  /** When the last answer came (or sending ended, if later). */
  endedAt: number;
  /** Per request: how late the sender sent it, ms. */
  lags: number[];
}

/**
 * Sends `rate × durationSeconds` requests at exact intervals: every tick it sends whatever the clock
 * says is due, however many answers are outstanding, then waits for the answers.
 */
export async function runOpenLoop(opts: OpenLoopOptions): Promise<OpenLoopRun> {
  const now = opts.now ?? (() => performance.now());
  const total = Math.round(opts.rate * opts.durationSeconds);
  const inFlight = new Set<Promise<void>>();
  const lags: number[] = [];
  const startedAt = now();
  let sent = 0;
  let endedAt = startedAt;
  const sendDue = () => {
    const t = now();
    for (const due = dueCount(t - startedAt, opts.rate, total); sent < due; sent++) {
      const scheduledAt = startedAt + scheduledOffsetMs(sent, opts.rate);
      lags.push(t - scheduledAt);
      const request = opts.send(sent, scheduledAt).catch(() => undefined).finally(() => {
        inFlight.delete(request);
        endedAt = Math.max(endedAt, now());
      });
      inFlight.add(request);
    }
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      if (!opts.signal?.aborted) sendDue();
      if (sent >= total || opts.signal?.aborted) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, opts.tickMs ?? 2);
    tick();
  });
  const sendingEndedAt = now();
  while (inFlight.size) await Promise.all(inFlight);
  return { sent, startedAt, sendingEndedAt, endedAt: Math.max(endedAt, sendingEndedAt), lags };
}

/**
 * The keep-alive agent every bench sends on. Idle sockets are dropped after 4 s, before Node servers'
 * 5 s keep-alive timeout closes them under a request on its way (a read ECONNRESET that is the
 * sender's artefact, not the graph's failure).
 */
export const benchAgent = (maxSockets: number): http.Agent => new http.Agent({ keepAlive: true, maxSockets, timeout: 4_000 });

interface Answer {
  status: number;
  body: string;
}

/** One POST on a keep-alive agent; rejects on transport failure or after `timeoutMs`. */
export function postJson(agent: http.Agent, url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A GraphQL answer read by parsing: its data, or its error codes (`UNPARSABLE` when it is not GraphQL JSON). */
export function readGraphQL(body: string): { data: unknown; errorCodes: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { data: undefined, errorCodes: ['UNPARSABLE'] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { data: undefined, errorCodes: ['UNPARSABLE'] };
  const { data, errors } = json as { data?: unknown; errors?: unknown };
  if (errors !== undefined) {
    const list = Array.isArray(errors) ? errors : [errors];
    if (list.length > 0) {
      return { data, errorCodes: list.map((e) => String((e as { extensions?: { code?: unknown } } | null)?.extensions?.code ?? 'NO_CODE')) };
    }
  }
  if (data === undefined || data === null) return { data, errorCodes: ['NO_DATA'] };
  return { data, errorCodes: [] };
}

/** Tallies of one run, filled by `recordAnswer`/`recordFailure`, summarised by `summarise`. */
export class Tally {
  readonly latencies: number[] = [];
  ok = 0;
  answered = 0;
  transport = 0;
  non2xx = 0;
  graphqlErrors = 0;
  readonly errorCodes: Record<string, number> = {};
  readonly outcomes: Record<string, number> = {};
  private firstError?: string;

  /** Counts an answer; returns its data when it was a success. */
  recordAnswer(answer: Answer, latencyMs: number, classify?: (data: unknown) => string): unknown {
    this.answered += 1;
    this.latencies.push(latencyMs);
    if (answer.status < 200 || answer.status > 299) this.non2xx += 1;
    const { data, errorCodes } = readGraphQL(answer.body);
    if (errorCodes.length > 0) {
      this.graphqlErrors += 1;
      for (const code of new Set(errorCodes)) this.errorCodes[code] = (this.errorCodes[code] ?? 0) + 1;
      this.firstError ??= answer.body.slice(0, 300);
      return undefined;
    }
    if (answer.status < 200 || answer.status > 299) return undefined;
    this.ok += 1;
    if (classify) {
      const outcome = classify(data);
      this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    }
    return data;
  }

  recordFailure(error: Error): void {
    this.transport += 1;
    this.firstError ??= `transport: ${error.message}`;
  }

  summarise(title: string, run: OpenLoopRun): BenchResult {
    const latencies = [...this.latencies].sort((a, b) => a - b);
    const lags = [...run.lags].sort((a, b) => a - b);
    const elapsedSeconds = (run.endedAt - run.startedAt) / 1000;
    const sendingSeconds = Math.max(0.001, (run.sendingEndedAt - run.startedAt) / 1000);
    return {
      title,
      sent: run.sent,
      requests: this.answered,
      ok: this.ok,
      errors: this.transport,
      non2xx: this.non2xx,
      graphqlErrors: this.graphqlErrors,
      errorCodes: this.errorCodes,
      outcomes: this.outcomes,
      offered: run.sent / sendingSeconds,
      throughput: this.ok / Math.max(elapsedSeconds, 0.001),
      elapsedSeconds,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? NaN,
      senderLagP99: percentile(lags, 99),
      ...(this.firstError ? { firstError: this.firstError } : {}),
    };
  }
}

/** Open-loop GraphQL load on one URL: bodies and headers from the caller, answers read by parsing. */
export async function runFixedRate(opts: FixedRateOptions): Promise<BenchResult> {
  const url = new URL(opts.url);
  const agent = benchAgent(opts.connections ?? Math.max(64, Math.ceil(opts.rate / 4)));
  const tally = new Tally();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  try {
    const run = await runOpenLoop({
      rate: opts.rate,
      durationSeconds: opts.durationSeconds,
      send: async (i, scheduledAt) => {
        const body = JSON.stringify(opts.nextBody());
        // Many clients, as in life: each request comes from one of 4096 addresses of the benchmarking
        // range (198.18.0.0/15), believed by a development gateway (TRUST_PROXY=loopback), so the
        // per-IP budget for anonymous callers is not one machine's.
        const headers = { ...opts.headers, 'x-forwarded-for': benchAddress(i), ...opts.nextHeaders?.() };
        try {
          const answer = await postJson(agent, url, body, headers, timeoutMs);
          tally.recordAnswer(answer, performance.now() - scheduledAt, opts.classify);
        } catch (error) {
          tally.recordFailure(error as Error);
        }
      },
    });
    return tally.summarise(opts.title, run);
  } finally {
    agent.destroy();
  }
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${v}`)
    .join('  ');

export function printResult(r: BenchResult, target?: Target): void {
  const judged = target ? verdict(r, target) : undefined;
  console.log(
    [
      `\n${r.title}`,
      `  rate          offered ${fixed(r.offered)}/s, achieved ${fixed(r.throughput)}/s (${r.ok} answered well of ${r.sent} sent, over ${fixed(r.elapsedSeconds)} s to the last answer)`,
      `  latency ms    p50 ${fixed(r.p50)}  p95 ${fixed(r.p95)}  p99 ${fixed(r.p99)}  max ${fixed(r.max)}  (from each request's scheduled time; sender lag p99 ${fixed(r.senderLagP99)})`,
      `  failures      transport ${r.errors}  non-2xx ${r.non2xx}  graphql errors ${r.graphqlErrors}${Object.keys(r.errorCodes).length ? ` (${counts(r.errorCodes)})` : ''}`,
      Object.keys(r.outcomes).length ? `  outcomes      ${counts(r.outcomes)}` : '',
      r.firstError ? `  first error   ${r.firstError}` : '',
      target && judged
        ? `  target        p99 < ${target.p99Ms} ms at ${target.rate}/s (achieved ≥ ${Math.round(RATE_TOLERANCE * 100)} %): ${judged.met ? 'MET' : `MISSED (${judged.reasons.join('; ')})`}`
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody listens on right now, for a process the benchmark starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
export function sample(pid: number): { cpuSeconds: number; rssMb: number; at: number } {
  const cpuSeconds = cpuSecondsOf(pid);
  if (cpuSeconds === undefined) throw new Error(`process ${pid} is gone`);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return { cpuSeconds, rssMb: rssKb / 1024, at: Date.now() };
}

/** Polls `probe` until it gives a value; throws after `ms`, or at once when `failed` names a failure. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>, failed: () => string | undefined = () => undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const failure = failed();
    if (failure) throw new Error(failure);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms / 1000} s`);
    await sleep(50);
  }
}

/** The dataset a benchmark needs is not loaded; the message says how to load it. */
export class DatasetMissing extends Error {}

/** One GraphQL request outside the measured load (dataset checks, setup), its errors thrown. */
export async function queryOnce<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const { data, errorCodes } = readGraphQL(await res.text());
  if (errorCodes.length) throw new Error(`${query.slice(0, 60)}… answered ${errorCodes.join(', ')}`);
  return data as T;
}

/** Seconds of load before the measured run (JIT, query plans, pools), from BENCH_WARMUP (default 3; 0 for none). */
export const warmupSeconds = (): number => {
  const value = Number(process.env.BENCH_WARMUP ?? 3);
  if (!Number.isFinite(value) || value < 0) throw new Error('BENCH_WARMUP must be a number of seconds ≥ 0');
  return value;
};

/**
 * Warm-up, then the measured run with the stack's CPU counted around it; prints the result, its
 * verdict against `target` and the CPU per answered operation of every process.
 */
export async function runMeasured(gatewayUrl: string, opts: FixedRateOptions, target?: Target): Promise<BenchResult> {
  const warmup = warmupSeconds();
  if (warmup > 0) await runFixedRate({ ...opts, title: 'warm-up', durationSeconds: warmup });
  const stop = await startCounting(gatewayUrl);
  const result = await runFixedRate(opts);
  const usage = await stop();
  printResult(result, target);
  console.log(formatUsage(usage, result.ok));
  return result;
}

/**
 * A process a bench started and must not leave behind: `exited()` says why it ended early (for
 * `waitFor`'s `failed`), `stop()` ends it with SIGTERM and waits; interrupting the bench (Ctrl-C,
 * SIGTERM) stops it too.
 */
export function ownedProcess(child: ChildProcess, label: string): { exited(): string | undefined; stop(): Promise<void> } {
  let exited: string | undefined;
  child.once('exit', (code) => (exited = `${label} exited with ${code}`));
  // Exits after this turn, so every process a bench owns hears the interrupt before the bench goes.
  const interrupted = () => {
    child.kill('SIGTERM');
    setImmediate(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  return {
    exited: () => exited,
    stop: async () => {
      process.removeListener('SIGINT', interrupted).removeListener('SIGTERM', interrupted);
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
    },
  };
}
