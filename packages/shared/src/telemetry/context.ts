import { AsyncLocalStorage } from 'node:async_hooks';
import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';

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

/** The tracer of this code base's own spans (events, outbox, subscriptions). */
export const tracer = () => trace.getTracer('@qc/shared');
