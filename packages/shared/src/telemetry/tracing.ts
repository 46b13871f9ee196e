/**
 * OpenTelemetry tracing for one process, started by `@qc/shared/tracing` (./register.ts) before
 * pg or ioredis are loaded, so the instrumentations can wrap them; tests start it themselves with an
 * in-memory exporter.
 *
 * What a request that is not sampled costs is what tracing costs (at 10 % sampling, nine requests in
 * ten), so the decision is taken where a request comes in (the access log, ./access-log.ts, asks
 * `RequestTracing`) and a request not sampled gets nothing of OpenTelemetry at all: no span, no
 * OpenTelemetry context (so no instrumentation below finds a parent, and none does any work), no
 * wrapped request or response. Its trace context travels on in the request scope instead
 * (./context.ts: logs, the subgraph fetches, the outbox and NATS headers), so the processes after it
 * skip it too and every log line still carries its trace id. Only a sampled request gets a server span,
 * which the pg, ioredis and fetch spans below it need as their parent.
 *
 * The http instrumentation is not used for that: it wraps every request that comes in, sampled or not,
 * and binds the request's and the response's listeners to an OpenTelemetry context (measured: 10 % and
 * 100 % sampling cost the same, the cost was in the requests not sampled).
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type SpanOptions, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  SamplingDecision,
  SimpleSpanProcessor,
  type Sampler,
  type SamplingResult,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { contextManager, isSampled, NOT_SAMPLED, sampledSpanContext, setRequestTracing, type RequestTracing } from './context';

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
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * The sampler. A SERVER span is started by `RequestTracing.serve` only, for a request it chose already
 * (at the edge drawn at the ratio, whatever flag the client's `traceparent` has; behind it, the caller's
 * decision): sampled. Every other span follows its parent, and there is none without one: a trace
 * begins where a request comes in, or continues from an event's carrier (`inSpan`).
 */
class RequestSampler implements Sampler {
  private readonly others = new ParentBasedSampler({ root: new AlwaysOffSampler() });
  shouldSample(ctx: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (kind === SpanKind.SERVER) return { decision: SamplingDecision.RECORD_AND_SAMPLED };
    return this.others.shouldSample(ctx, traceId, name, kind, attributes, links);
  }
  toString(): string {
    return `RequestSampler{${this.others.toString()}}`;
  }
}

/** Whether the work running in `ctx` is in a sampled trace (a span of it, or a caller's sampled context). */
const inSampledTrace = (ctx: Context): boolean => sampledSpanContext(ctx) !== undefined;

/** The sampling ratio from `OTEL_TRACES_SAMPLER_ARG` (0…1), 0.1 when unset; a bad value fails the start by name. */
export function samplingRatio(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG;
  if (raw === undefined || raw === '') return 0.1;
  const ratio = Number(raw);
  if (!(ratio >= 0 && ratio <= 1)) throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (got "${raw}")`);
  return ratio;
}

/**
 * A tracer that starts a span only inside a sampled trace (or a SERVER span, which only
 * `RequestTracing.serverSpan` starts, for a request it chose). Elsewhere `startActiveSpan` runs its
 * function at once with a span that records nothing, entering no context: `@apollo/gateway` starts
 * five to ten spans for every request, and for a request not sampled the SDK still made each one (ids,
 * attributes, sampler, a context entered) to drop it, ≈3 % of the gateway's busy CPU in its profile.
 */
class SampledOnlyTracer implements Tracer {
  constructor(private readonly tracer: Tracer) {}
  private starts(options: SpanOptions | undefined, ctx: Context): boolean {
    return options?.kind === SpanKind.SERVER || inSampledTrace(ctx);
  }
  startSpan(name: string, options?: SpanOptions, ctx: Context = context.active()): Span {
    return this.starts(options, ctx) ? this.tracer.startSpan(name, options, ctx) : NOT_SAMPLED;
  }
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = args.length > 1 ? (args[0] as SpanOptions) : undefined;
    const ctx = args.length > 2 ? (args[1] as Context) : context.active();
    if (!this.starts(options, ctx)) return fn(NOT_SAMPLED) as ReturnType<F>;
    return this.tracer.startActiveSpan(name, options ?? {}, ctx, fn);
  }
}

/**
 * Puts `SampledOnlyTracer` in front of the SDK's tracers for everything that asks the API for a tracer
 * from now on (`@apollo/gateway`, `inSpan`, `RequestTracing`). The SDK registers its provider itself;
 * the API lets a registration be replaced only after `disable`. The instrumentations took their tracers
 * before and keep the SDK's: they check for a sampled parent themselves.
 */
function startSampledOnly(): void {
  const sdk: TracerProvider = trace.getTracerProvider();
  trace.disable();
  trace.setGlobalTracerProvider({ getTracer: (name, version, options) => new SampledOnlyTracer(sdk.getTracer(name, version, options)) });
}

let running: Tracing | null = null;

/** The request tracing of a process whose sampling is decided as `sampled` says. */
function requestTracing(sampled: (req: IncomingMessage) => boolean): RequestTracing {
  const tracer = trace.getTracer('@qc/shared');
  return {
    sampled,
    serverSpan(req, res, route, attributes) {
      // The caller's trace is continued (at the edge too: its trace id, not its sampled flag).
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      const method = req.method ?? 'GET';
      const span = tracer.startSpan(
        `${method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': method,
            'http.route': route,
            'url.path': req.originalUrl ?? req.url,
            'url.scheme': 'http',
            'server.port': req.socket.localPort,
            'client.address': req.socket.remoteAddress,
            'user_agent.original': req.headers['user-agent'],
            ...attributes,
          },
        },
        parent,
      );
      endWithResponse(span, res);
      return { traceId: span.spanContext().traceId, context: trace.setSpan(parent, span) };
    },
  };
}

/** Ends a server span when its response is sent, or when the connection closes before. */
function endWithResponse(span: Span, res: ServerResponse): void {
  const end = () => {
    res.removeListener('finish', end);
    res.removeListener('close', end);
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    if (!res.writableFinished) span.setAttribute('http.response.aborted', true);
    span.end();
  };
  res.on('finish', end);
  res.on('close', end);
}

/**
 * Starts the OpenTelemetry SDK: W3C trace context, sampling decided per request at the configured
 * ratio (see `RequestSampler`), server spans for sampled requests (`RequestTracing`), the pg, ioredis
 * and undici (fetch) instrumentations, spans batched to OTLP over HTTP (the standard
 * `OTEL_EXPORTER_OTLP_*` variables say where). Once per process; later calls return the first.
 */
export function startTracing(opts: TracingOptions): Tracing {
  if (running) return running;
  const ratio = opts.ratio ?? samplingRatio(opts.env);
  const drawn = () => Math.random() < ratio;
  // At the edge, drawn at the ratio; behind it, the caller's decision (its `traceparent`'s sampled
  // flag); without one, drawn.
  const sampled = opts.edge ? drawn : (req: IncomingMessage) => isSampled(req.headers.traceparent) ?? drawn();
  const sdk = new NodeSDK({
    serviceName: opts.service,
    // The process's one async context, which holds the request scope too (./context.ts). Registered
    // already: the SDK's registering it again changes nothing.
    contextManager,
    sampler: new RequestSampler(),
    spanProcessors: [opts.exporter ? new SimpleSpanProcessor({ exporter: opts.exporter }) : new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
    // Metrics are prom-client's (/metrics) and logs are pino's (stdout): the SDK exports traces only.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // Queries and commands inside a sampled request or event only (they check for a parent span
      // first, which is all an unsampled request costs them), not the pollers' between them.
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      // Fetches inside a sampled trace only. Work not sampled sends its `traceparent` itself (the
      // gateway's data source and ServiceClient, from the request scope).
      new UndiciInstrumentation({ ignoreRequestHook: () => !inSampledTrace(context.active()) }),
    ],
  });
  sdk.start();
  startSampledOnly();
  setRequestTracing(requestTracing(sampled));
  running = {
    ratio,
    shutdown: () => {
      setRequestTracing(null);
      return sdk.shutdown();
    },
  };
  return running;
}
