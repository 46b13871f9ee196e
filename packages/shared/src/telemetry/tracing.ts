/**
 * OpenTelemetry tracing for one process, started by `@qc/shared/tracing` (./register.ts) before
 * express, graphql, pg or ioredis are loaded, so the instrumentations can wrap them; tests start it
 * themselves with an in-memory exporter.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { Instrumentation } from '@opentelemetry/instrumentation';
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

/** Samples a share of calls at random, whatever the trace id (which a client may have chosen). */
class RandomRatioSampler implements Sampler {
  constructor(private readonly ratio: number) {}
  shouldSample(): SamplingResult {
    return { decision: Math.random() < this.ratio ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  }
  toString(): string {
    return `RandomRatioSampler{${this.ratio}}`;
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
 * Starts the OpenTelemetry SDK: W3C trace context, parent-based ratio sampling, the http, express,
 * graphql, pg, ioredis and undici instrumentations, spans batched to OTLP over HTTP (the standard
 * `OTEL_EXPORTER_OTLP_*` variables say where). Once per process; later calls return the first.
 */
export function startTracing(opts: TracingOptions): Tracing {
  if (running) return running;
  const ratio = opts.ratio ?? samplingRatio(opts.env);
  const root = new TraceIdRatioBasedSampler(ratio);
  const fromOutside = new RandomRatioSampler(ratio);
  const sampler = new ParentBasedSampler(opts.edge ? { root, remoteParentSampled: fromOutside, remoteParentNotSampled: fromOutside } : { root });
  const instrumentations: Instrumentation[] = [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? '') }),
    // One span per route handler, not per middleware (body parsing, CORS …): enough to see express, cheaper.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    // Parse, validate and execute; a span per resolver would cost more than the resolvers.
    new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true }),
    // Queries and commands inside a traced request or event, not the pollers' between them.
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new UndiciInstrumentation(),
  ];
  const sdk = new NodeSDK({
    serviceName: opts.service,
    sampler,
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
