import { context, SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { contextOf } from '../telemetry/context';
import { startTracing, type Tracing } from '../telemetry/tracing';

export { SpanKind, type ReadableSpan };

/**
 * Tracing for a test process, into memory, every request sampled: call it before anything loads pg or
 * ioredis (in a module the test file imports first). jest loads modules itself, out of the
 * instrumentations' sight: undici reports through diagnostics channels anyway, pg and ioredis stay
 * unwrapped — a test sees server (the access log's), fetch, gateway and event spans.
 */
export function startTestTracing(): { spans: InMemorySpanExporter; tracing: Tracing } {
  const spans = new InMemorySpanExporter();
  const tracing = startTracing({ service: 'test', edge: true, exporter: spans, ratio: 1 });
  return { spans, tracing };
}

/**
 * Runs `work` as a traced client whose current span is `traceparent`: the requests it sends carry that
 * trace (this process's fetch is instrumented too, and would otherwise start a trace of its own).
 */
export function asTracedClient<T>(traceparent: string, work: () => T): T {
  return context.with(contextOf({ traceparent }), work);
}
