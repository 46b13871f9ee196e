/**
 * Drives the gateway at a fixed arrival rate with varied requests and prints throughput and
 * latency percentiles. Benchmarks are scripts, never timed tests: this machine is shared and noisy.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

export interface FixedRateOptions {
  title: string;
  url: string;
  /** Requests per second across all connections. */
  rate: number;
  durationSeconds: number;
  connections?: number;
  headers?: Record<string, string>;
  /** Called for every request: return the JSON body to send (vary locations, queries …). */
  nextBody: () => unknown;
  /** Called for every request after `nextBody`: headers of that request (a token per caller …). */
  nextHeaders?: () => Record<string, string>;
}

export interface BenchResult {
  title: string;
  requests: number;
  errors: number;
  non2xx: number;
  graphqlErrors: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
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

export async function runFixedRate(opts: FixedRateOptions): Promise<BenchResult> {
  const latencies: number[] = [];
  let sent = 0;
  let graphqlErrors = 0;
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon({
    url: opts.url,
    method: 'POST',
    connections: opts.connections ?? Math.max(10, Math.ceil(opts.rate / 20)),
    overallRate: opts.rate,
    duration: opts.durationSeconds,
    headers: { 'content-type': 'application/json', ...opts.headers },
    requests: [
      {
        setupRequest: (req) => {
          const body = JSON.stringify(opts.nextBody());
          // Many clients, as in life: each request comes from one of 4096 addresses of the benchmarking
          // range (198.18.0.0/15), believed by a development gateway (TRUST_PROXY=loopback), so the
          // per-IP budget for anonymous callers is not one machine's.
          const headers = { ...req.headers, 'x-forwarded-for': benchAddress(sent++), ...opts.nextHeaders?.() };
          return { ...req, headers, body };
        },
        onResponse: (_status, body) => {
          if (body.includes('"errors"')) graphqlErrors += 1;
        },
      },
    ],
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await finished;
  latencies.sort((a, b) => a - b);
  return {
    title: opts.title,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    throughput: result.requests.total / opts.durationSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}

export function printResult(r: BenchResult, target?: { rate: number; p99Ms: number }): void {
  const ok = target ? r.p99 < target.p99Ms && r.errors === 0 && r.non2xx === 0 && r.graphqlErrors === 0 : undefined;
  console.log(
    [
      `\n${r.title}`,
      `  requests      ${r.requests} (${r.throughput.toFixed(1)}/s)`,
      `  latency ms    p50 ${r.p50.toFixed(1)}  p95 ${r.p95.toFixed(1)}  p99 ${r.p99.toFixed(1)}  max ${r.max.toFixed(1)}`,
      `  failures      transport ${r.errors}  non-2xx ${r.non2xx}  graphql errors ${r.graphqlErrors}`,
      target ? `  target        p99 < ${target.p99Ms} ms at ${target.rate}/s: ${ok ? 'MET' : 'MISSED'}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

const CLOCK_TICKS = 100;

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
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
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
