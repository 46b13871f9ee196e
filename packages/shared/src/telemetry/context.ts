import { AsyncLocalStorage } from 'node:async_hooks';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context } from '@opentelemetry/api';

/** A request id a client may choose: short, and nothing a log line or header could trip over. */
export const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The request a piece of work belongs to: set where a request or an event enters a process, read by
 * the logger (every line carries it) and by the outbox (the event carries it on). Works with tracing
 * off: request ids in logs never depend on the SDK.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** The request id of the work running now, if any. */
export const currentRequestId = (): string | undefined => requestScope.getStore()?.requestId;

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
  // Without a registered SDK the propagator is a no-op and nothing is injected.
  propagation.inject(context.active(), carrier);
  const requestId = currentRequestId();
  if (requestId) carrier.requestId = requestId;
  return carrier.traceparent || carrier.requestId ? carrier : null;
}

/** The trace context a carrier names (the root context when it names none). */
export function contextOf(carrier: TraceCarrier | null | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The ids a log line carries: request id, trace id and span id of the work running now. */
export function logIds(): Record<string, string> {
  const ids: Record<string, string> = {};
  const requestId = currentRequestId();
  if (requestId) ids.requestId = requestId;
  const span = trace.getSpan(context.active())?.spanContext();
  if (span && trace.isSpanContextValid(span)) {
    ids.traceId = span.traceId;
    ids.spanId = span.spanId;
  }
  return ids;
}

/** The trace id of the work running now, if it is traced. */
export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active())?.spanContext();
  return span && trace.isSpanContextValid(span) ? span.traceId : undefined;
}

const tracer = () => trace.getTracer('@qc/shared');

const KINDS = { producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER, internal: SpanKind.INTERNAL } as const;

/**
 * Runs `work` in a span of this code base's own (publishing an event, consuming it, pushing it to
 * subscribers), child of the trace `parent` names, and in its request scope; ends the span when the
 * work settles, marking it failed if it threw. Without a trace in `parent`, runs `work` in the request
 * scope only: an untraced event costs no span.
 */
export function inSpan<T>(name: string, kind: keyof typeof KINDS, attributes: Attributes, parent: TraceCarrier | null | undefined, work: () => T): T {
  const scoped = parent?.requestId ? () => requestScope.run({ requestId: parent.requestId! }, work) : work;
  if (!parent?.traceparent) return scoped();
  return tracer().startActiveSpan(name, { kind: KINDS[kind], attributes }, contextOf(parent), (span) => {
    const failed = (error: unknown) => {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    };
    let result: T;
    try {
      result = scoped();
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
