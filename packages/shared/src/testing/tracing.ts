import { context, SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { contextOf } from '../telemetry/context';
import http from 'node:http';
import { patchLoaded, startTracing, type Tracing } from '../telemetry/tracing';

export { SpanKind, type ReadableSpan };

/**
 * Tracing for a test process, into memory, every span sampled: call it before anything loads http (in a
 * module the test file imports first). jest loads modules itself, out of the instrumentations' sight:
 * Node's http is wrapped here by hand, undici reports through diagnostics channels anyway, and pg and
 * ioredis stay unwrapped — a test sees HTTP, fetch, gateway and event spans.
 */
export function startTestTracing(): { spans: InMemorySpanExporter; tracing: Tracing } {
  const spans = new InMemorySpanExporter();
  const tracing = startTracing({ service: 'test', edge: true, exporter: spans, ratio: 1 });
  patchLoaded(tracing, 'http', http);
  return { spans, tracing };
}

/**
 * Runs `work` as a traced client whose current span is `traceparent`: the requests it sends carry that
 * trace (this process's fetch is instrumented too, and would otherwise start a trace of its own).
 */
export function asTracedClient<T>(traceparent: string, work: () => T): T {
  return context.with(contextOf({ traceparent }), work);
}
