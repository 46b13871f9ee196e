/**
 * `import '@qc/shared/tracing'` as the first line of a process's entry point: starts tracing when an
 * OTLP endpoint is configured, before anything the instrumentations wrap (http, pg, ioredis) is loaded.
 * When none is, it costs one environment check and loads nothing of the SDK; libraries asking for a
 * tracer get one that makes no span and enters no context.
 */
import { basename, dirname } from 'node:path';
import { trace } from '@opentelemetry/api';
import { onTelemetryShutdown, UntracedTracer } from './context';

/** `gateway/src/index.ts` → gateway, `…/subgraphs/orders/src/index.js` → orders; OTEL_SERVICE_NAME wins. */
function serviceName(): string {
  if (process.env.OTEL_SERVICE_NAME) return process.env.OTEL_SERVICE_NAME;
  return basename(dirname(dirname(process.argv[1] ?? ''))) || 'qc';
}

const wanted = !/^true$/i.test(process.env.OTEL_SDK_DISABLED ?? '') && Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
if (wanted) {
  // Required here, not imported above: a process without an endpoint never loads the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracing } = require('./tracing') as typeof import('./tracing');
  const service = serviceName();
  const tracing = startTracing({ service, edge: service === 'gateway' });
  // Spans still batched are sent when the process shuts down (runSubgraph and the gateway await this).
  onTelemetryShutdown(() => tracing.shutdown());
} else {
  // No span is ever made: libraries that ask the API for a tracer (@apollo/gateway) get one that enters
  // no context instead of the API's no-op one, which entered one per span (see UntracedTracer).
  const untraced = new UntracedTracer();
  trace.setGlobalTracerProvider({ getTracer: () => untraced });
}
