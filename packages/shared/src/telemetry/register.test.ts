import { context, createContextKey, trace } from '@opentelemetry/api';

delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- after the environment is set, as an entry point's first line
require('./register');

describe("a process's tracing registration without an OTLP endpoint", () => {
  it("when a library starts a span, then its work runs at once in the caller's own context with a span that records nothing", () => {
    const tracer = trace.getTracer('@apollo/gateway');
    const caller = context.active().setValue(createContextKey('caller'), 'mine');
    const seen = context.with(caller, () =>
      tracer.startActiveSpan('gateway.execute', (span) => {
        span.setAttribute('ignored', true);
        span.end();
        return { same: context.active() === caller, recording: span.isRecording(), traced: trace.isSpanContextValid(span.spanContext()) };
      }),
    );
    // The API's no-op tracer entered a new context holding its span (same: false).
    expect(seen).toEqual({ same: true, recording: false, traced: false });
    expect(trace.getTracer('other').startSpan('x').isRecording()).toBe(false);
  });
});
