/**
 * OpenTelemetry tracing for one process, started by `@qc/shared/tracing` (./register.ts) before
 * http, pg or ioredis are loaded, so the instrumentations can wrap them; tests start it themselves
 * with an in-memory exporter.
 *
 * What a request that is not sampled costs is what tracing costs (at 10 % sampling, nine requests in
 * ten), so the decision is taken where a request comes in, before any instrumentation collects
 * attributes for a span nobody records: a request that is not sampled is run with tracing suppressed
 * (no span, no instrumentation work below it), and its trace context travels on through the request
 * scope instead (./context.ts: logs, the subgraph fetches, the outbox and NATS headers), so the processes
 * after it skip it too and every log line still carries its trace id.
 */
import { context, SpanKind, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { IncomingMessage } from 'node:http';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SamplingDecision,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { isSampled } from './context';

export interface TracingOptions {
  /** `service.name` of every span of this process. */
  service: string;
  /**
   * The gateway: a request from outside comes with a `traceparent` the client chose, sampled flag
   * included. Its trace id is continued, but whether it is sampled is decided here (at random, at the
   * configured ratio), so a client cannot make the platform trace everything it sends.
   */
  edge?: boolean;
  /** Spans go here instead of OTLP, each as it ends (tests: an in-memory exporter). */
  exporter?: SpanExporter;
  /** Share of new traces sampled; by default `OTEL_TRACES_SAMPLER_ARG`, else 0.1. */
  ratio?: number;
  env?: NodeJS.ProcessEnv;
}

export interface Tracing {
  ratio: number;
  /**
   * The instrumentations, enabled. A runner with a module loader of its own (jest) hides the loads they
   * hook; `patchLoaded` wraps a module it loaded itself.
   */
  instrumentations: Instrumentation[];
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** Paths that are probes and scrapes, not requests: never traced. */
const UNTRACED = /^\/(metrics|health|ready)\b/;

/**
 * The edge's sampler. An HTTP request's server span reaches it only when the request was chosen
 * already (`ignoreIncomingRequestHook` drew at the ratio and let it through): sampled, whatever flag the
 * client's `traceparent` has. Every other span follows its parent, or the ratio without one.
 */
class EdgeSampler implements Sampler {
  constructor(private readonly others: Sampler) {}
  shouldSample(ctx: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (kind === SpanKind.SERVER) return { decision: SamplingDecision.RECORD_AND_SAMPLED };
    return this.others.shouldSample(ctx, traceId, name, kind, attributes, links);
  }
  toString(): string {
    return `EdgeSampler{${this.others.toString()}}`;
  }
}

/** The sampling ratio from `OTEL_TRACES_SAMPLER_ARG` (0…1), 0.1 when unset; a bad value fails the start by name. */
export function samplingRatio(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG;
  if (raw === undefined || raw === '') return 0.1;
  const ratio = Number(raw);
  if (!(ratio >= 0 && ratio <= 1)) throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${raw}")`);
  return ratio;
}

let running: Tracing | null = null;

/**
 * Starts the OpenTelemetry SDK: W3C trace context, parent-based ratio sampling, the http (server side),
 * pg, ioredis and undici instrumentations, spans batched to OTLP over HTTP (the standard
 * `OTEL_EXPORTER_OTLP_*` variables say where). Once per process; later calls return the first.
 */
export function startTracing(opts: TracingOptions): Tracing {
  if (running) return running;
  const ratio = opts.ratio ?? samplingRatio(opts.env);
  const parentBased = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  // Decided before the instrumentation reads anything of the request: an ignored request runs with
  // tracing suppressed. At the edge, drawn at the ratio; behind it, the caller's decision (a
  // `traceparent` whose sampled flag is off); without one, the sampler's (the ratio).
  const notSampled = opts.edge ? () => Math.random() >= ratio : (req: IncomingMessage) => isSampled(req.headers.traceparent) === false;
  const instrumentations: Instrumentation[] = [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? '') || notSampled(req),
      // Outgoing calls are fetches (undici, below) and the exporter's own; http.request is not wrapped.
      disableOutgoingRequestInstrumentation: true,
    }),
    // Queries and commands inside a sampled request or event, not the pollers' between them: an
    // unsampled one runs with tracing suppressed, so it has no parent span either.
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    // Work not sampled sends its `traceparent` itself (the gateway's data source, from the request scope).
    new UndiciInstrumentation({ ignoreRequestHook: () => isTracingSuppressed(context.active()) }),
  ];
  const sdk = new NodeSDK({
    serviceName: opts.service,
    sampler: opts.edge ? new EdgeSampler(parentBased) : parentBased,
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor({ exporter: opts.exporter }) : new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
    // Metrics are prom-client's (/metrics) and logs are pino's (stdout): the SDK exports traces only.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations,
  });
  sdk.start();
  running = { ratio, instrumentations, shutdown: () => sdk.shutdown() };
  return running;
}

/** Wraps `exports`, a module named `name` that was loaded where the instrumentations could not see it. */
export function patchLoaded(tracing: Tracing, name: string, exports: unknown): void {
  for (const instrumentation of tracing.instrumentations) {
    const definitions = (instrumentation as Instrumentation & { getModuleDefinitions?(): { name: string; patch?(exports: unknown): unknown }[] }).getModuleDefinitions?.() ?? [];
    for (const definition of definitions) if (definition.name === name) definition.patch?.(exports);
  }
}
