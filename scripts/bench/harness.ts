/**
 * Drives the gateway at a fixed arrival rate with varied requests and prints throughput and
 * latency percentiles. Benchmarks are scripts, never timed tests: this machine is shared and noisy.
 */
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

export async function runFixedRate(opts: FixedRateOptions): Promise<BenchResult> {
  const latencies: number[] = [];
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
        setupRequest: (req) => ({ ...req, body: JSON.stringify(opts.nextBody()) }),
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
