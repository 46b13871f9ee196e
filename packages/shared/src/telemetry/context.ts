import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, createContextKey, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type ContextManager, type Span, type SpanContext, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { randomHex } from '../random';

/** A request id a client may choose: short, and nothing a log line or header could trip over. */
export const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The one async context of a process: OpenTelemetry's context manager, registered here whether tracing
 * is on or not, holds the request scope too. Every AsyncLocalStorage in use costs every promise and
 * callback of the process a store to carry; with a request scope of our own beside the tracing SDK's
 * context that was two (measured: it made tracing cost the same at 10 % and 100 % sampling).
 * `startTracing` hands this same manager to the SDK.
 */
export const contextManager: ContextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);

/** The span of work that is not traced, or not sampled: records nothing, names no trace. */
export const NOT_SAMPLED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * The tracer of work no span is made for: `startActiveSpan` runs its function at once with NOT_SAMPLED,
 * entering no context. The API's own no-op tracer (what a library gets while tracing is off) puts a
 * span recording nothing in a new context and enters it for every span: `@apollo/gateway` starts four
 * to ten per request, each a context copy and an AsyncLocalStorage run, for nothing anyone reads (the
 * span it enters carries its parent's span context, which is what the work already sees).
 */
export class UntracedTracer implements Tracer {
  startSpan(_name: string, _options?: SpanOptions, _ctx?: Context): Span {
    return NOT_SAMPLED;
  }
  startActiveSpan<F extends (span: Span) => unknown>(_name: string, ...args: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    return fn(NOT_SAMPLED) as ReturnType<F>;
  }
}

export interface RequestScope {
  requestId?: string;
  traceparent?: string;
}

const SCOPE = createContextKey('qc request scope');

/**
 * The request a piece of work belongs to: set where a request or an event enters a process, read by
 * the logger (every line carries it) and by the outbox (the event carries it on). Works with tracing
 * off: request ids in logs never depend on the SDK.
 *
 * `traceparent`: the W3C trace context of work that is traced but not sampled. Such work runs with
 * no span (nothing for an instrumentation to do), so its trace context travels here instead: into log
 * lines, the gateway's subgraph fetches, the outbox row and the NATS headers, so every process after
 * it knows it is not sampled without deciding again.
 */
export const requestScope = {
  /** The scope of the work running now, if any. */
  getStore: (): RequestScope | undefined => context.active().getValue(SCOPE) as RequestScope | undefined,
  /** Runs `work` in `scope`, in the trace context `within` (the current one by default). */
  run: <T>(scope: RequestScope, work: () => T, within: Context = context.active()): T => context.with(within.setValue(SCOPE, scope), work),
};

/** The request id of the work running now, if any. */
export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/** Whether a `traceparent` header says sampled (true) or not (false); undefined when it is not one. */
export function isSampled(traceparent: unknown): boolean | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const flags = TRACEPARENT.exec(traceparent)?.[3];
  return flags === undefined ? undefined : (parseInt(flags, 16) & 1) === 1;
}

/**
 * The trace context of a request that is not sampled, to carry in the request scope: the caller's
 * trace continued (its trace and parent ids, the sampled flag off) or, without one, a new trace.
 */
export function unsampledTraceparent(incoming: unknown): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming) : null;
  if (match && !/^0+$/.test(match[1]!) && !/^0+$/.test(match[2]!)) return `00-${match[1]}-${match[2]}-00`;
  return `00-${randomHex(16)}-${randomHex(8)}-00`;
}

/** The `traceparent` of the work running now when it is traced but not sampled (see `requestScope`). */
export const unsampledTraceparentNow = (): string | undefined => requestScope.getStore()?.traceparent;

/**
 * How this process traces a request that comes in: set by `startTracing` (./tracing.ts), none while
 * tracing is off (the SDK is not even loaded). The access log asks it for every request.
 */
export interface RequestTracing {
  /** Whether `req` is sampled: at the edge drawn at the ratio; behind it, as its `traceparent` says. */
  sampled(req: IncomingMessage): boolean;
  /**
   * Starts the SERVER span of a sampled `req` (`<method> <route>`), child of its `traceparent`, ended
   * when the response is: its trace id, and the context to run the request in.
   */
  serverSpan(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, route: string, attributes: Attributes): { traceId: string; context: Context };
}

let tracingOfRequests: RequestTracing | null = null;

/** Sets (or, with null, removes) how requests are traced; `startTracing` and its shutdown do. */
export function setRequestTracing(tracing: RequestTracing | null): void {
  tracingOfRequests = tracing;
}

/** How requests are traced in this process; null while tracing is off. */
export const requestTracing = (): RequestTracing | null => tracingOfRequests;

/** The span context of the work running in `ctx` (now, by default) when it is sampled (an unsampled span names no trace of ours). */
export function sampledSpanContext(ctx: Context = context.active()): SpanContext | undefined {
  const span = trace.getSpanContext(ctx);
  return span && trace.isSpanContextValid(span) && (span.traceFlags & TraceFlags.SAMPLED) !== 0 ? span : undefined;
}

/**
 * What travels with an event so its consumers continue the request's trace and logs: the W3C trace
 * context (`traceparent`, `tracestate`) and the request id. Stored in the outbox row, sent as NATS headers.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
  requestId?: string;
}

/** The carrier of the work running now; null when there is nothing to carry (no trace, no request). */
export function currentCarrier(): TraceCarrier | null {
  const carrier: TraceCarrier = {};
  // Work not sampled has no span of its trace (the request scope names it); without a registered SDK
  // there is no span either.
  if (sampledSpanContext()) propagation.inject(context.active(), carrier);
  const scope = requestScope.getStore();
  if (!carrier.traceparent && scope?.traceparent) carrier.traceparent = scope.traceparent;
  if (scope?.requestId) carrier.requestId = scope.requestId;
  return carrier.traceparent || carrier.requestId ? carrier : null;
}

/** The trace context a carrier names (the root context when it names none). */
export function contextOf(carrier: TraceCarrier | null | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The trace id and span id of the work running now: its span's, else the unsampled trace's of its scope. */
function currentIds(): { traceId: string; spanId?: string } | undefined {
  const span = sampledSpanContext();
  if (span) return { traceId: span.traceId, spanId: span.spanId };
  const traceparent = requestScope.getStore()?.traceparent;
  return traceparent ? { traceId: traceparent.slice(3, 35) } : undefined;
}

/** The ids a log line carries: request id, trace id and span id (when sampled) of the work running now. */
export function logIds(): Record<string, string> {
  const ids: Record<string, string> = {};
  const requestId = currentRequestId();
  if (requestId) ids.requestId = requestId;
  const now = currentIds();
  if (now) {
    ids.traceId = now.traceId;
    if (now.spanId) ids.spanId = now.spanId;
  }
  return ids;
}

/** The trace id of the work running now, if it is traced (sampled or not). */
export const currentTraceId = (): string | undefined => currentIds()?.traceId;

const tracer = () => trace.getTracer('@qc/shared');

const KINDS = { producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL } as const;

/**
 * Runs `work` in a span of this code base's own (publishing an event, consuming it, pushing it to
 * subscribers), child of the trace `parent` names, and in its request scope; ends the span when the
 * work settles, marking it failed if it threw. Without a trace in `parent`, runs `work` in the request
 * scope only: an untraced event costs no span. A trace not sampled costs no span either: `work` runs
 * outside any trace, with the trace context in its request scope, to be carried on.
 */
export function inSpan<T>(name: string, kind: keyof typeof KINDS, attributes: Attributes, parent: TraceCarrier | null | undefined, work: () => T): T {
  if (!parent?.traceparent) return parent?.requestId ? requestScope.run({ requestId: parent.requestId }, work) : work();
  if (isSampled(parent.traceparent) === false) {
    const scope = { requestId: parent.requestId, traceparent: parent.traceparent };
    // Out of a sampled trace it may have been started in (a relay kicked by a sampled request), so
    // nothing below joins that one; usually there is none, and no OpenTelemetry context is entered.
    return requestScope.run(scope, work, trace.getSpan(context.active()) ? ROOT_CONTEXT : context.active());
  }
  // In the request scope of the event, else of the work running now.
  const scope = parent.requestId ? { requestId: parent.requestId } : requestScope.getStore();
  const within = scope ? contextOf(parent).setValue(SCOPE, scope) : contextOf(parent);
  return tracer().startActiveSpan(name, { kind: KINDS[kind], attributes }, within, (span) => {
    const failed = (error: unknown) => {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    };
    let result: T;
    try {
      result = work();
    } catch (error) {
      failed(error);
      span.end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          failed(error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

const shutdownHooks: (() => Promise<void>)[] = [];

/** Registers work to finish before the process exits (the tracing SDK's last batch). */
export function onTelemetryShutdown(hook: () => Promise<void>): void {
  shutdownHooks.push(hook);
}

/** Flushes telemetry (spans not yet exported); never throws, never waits more than 2 s. */
export async function flushTelemetry(): Promise<void> {
  const all = Promise.allSettled(shutdownHooks.map((hook) => hook()));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
}
