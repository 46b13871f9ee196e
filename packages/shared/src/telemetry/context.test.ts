import { startTestTracing } from '../testing/tracing';
import { context, trace } from '@opentelemetry/api';
import { until } from '../testing/wait';
import { currentCarrier, inSpan, isSampled, logIds, unsampledTraceparent } from './context';

const { spans, tracing } = startTestTracing();

afterAll(() => tracing.shutdown());
beforeEach(() => spans.reset());

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

/**
 * The spans finished so far, once a marker span (sampled) has reached the exporter: spans are exported
 * as they end, after the resource is ready, so the marker says that what ended before it is there.
 */
async function exportedSpans(): Promise<string[]> {
  inSpan('marker', 'internal', {}, { traceparent: `00-${TRACE}-${PARENT}-01` }, () => undefined);
  await until(() => spans.getFinishedSpans().some((s) => s.name === 'marker'), 'the marker span exported');
  return spans.getFinishedSpans().map((s) => s.name).filter((name) => name !== 'marker');
}

describe('isSampled', () => {
  it('reads the sampled flag of a traceparent, and nothing of what is not one', () => {
    expect(isSampled(`00-${TRACE}-${PARENT}-01`)).toBe(true);
    expect(isSampled(`00-${TRACE}-${PARENT}-00`)).toBe(false);
    expect(isSampled(`00-${TRACE}-${PARENT}-03`)).toBe(true);
    expect(isSampled('00-nope')).toBeUndefined();
    expect(isSampled(undefined)).toBeUndefined();
    expect(isSampled(['a'])).toBeUndefined();
  });
});

describe('unsampledTraceparent', () => {
  it("continues the caller's trace with the sampled flag off", () => {
    expect(unsampledTraceparent(`00-${TRACE}-${PARENT}-01`)).toBe(`00-${TRACE}-${PARENT}-00`);
  });

  it('starts a new trace without a valid one', () => {
    for (const incoming of [undefined, 'garbage', `00-${'0'.repeat(32)}-${PARENT}-01`]) {
      const made = unsampledTraceparent(incoming);
      expect(isSampled(made)).toBe(false);
      expect(made).not.toContain('0'.repeat(32));
    }
    expect(unsampledTraceparent(undefined)).not.toBe(unsampledTraceparent(undefined));
  });
});

describe('inSpan', () => {
  it('runs work of a trace not sampled without a span, its trace context carried on', async () => {
    const traceparent = `00-${TRACE}-${PARENT}-00`;
    const seen = await inSpan('process x', 'consumer', {}, { traceparent, requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return { carrier: currentCarrier(), ids: logIds(), outside: trace.getSpan(context.active()) === undefined };
    });
    expect(seen).toEqual({ carrier: { traceparent, requestId: 'req-1' }, ids: { requestId: 'req-1', traceId: TRACE }, outside: true });
    expect(await exportedSpans()).toEqual([]);
  });

  it('runs work of a trace not sampled outside a sampled trace it was started in (nothing of it joins that one)', async () => {
    const unsampled = `00-${'1'.repeat(32)}-${PARENT}-00`;
    const seen = await inSpan('outer', 'internal', {}, { traceparent: `00-${TRACE}-${PARENT}-01` }, () =>
      inSpan('process x', 'consumer', {}, { traceparent: unsampled }, async () => ({ outside: trace.getSpan(context.active()) === undefined, carrier: currentCarrier() })),
    );
    expect(seen).toEqual({ outside: true, carrier: { traceparent: unsampled } });
    expect(await exportedSpans()).toEqual(['outer']);
  });

  it('runs work of a sampled trace in a span, child of the parent, whose context it carries on', async () => {
    const traceparent = `00-${TRACE}-${PARENT}-01`;
    const carrier = await inSpan('process x', 'consumer', {}, { traceparent, requestId: 'req-2' }, async () => currentCarrier());
    expect(await exportedSpans()).toEqual(['process x']);
    const span = spans.getFinishedSpans().find((s) => s.name === 'process x');
    expect(span?.spanContext().traceId).toBe(TRACE);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT);
    expect(carrier).toEqual({ traceparent: `00-${TRACE}-${span!.spanContext().spanId}-01`, requestId: 'req-2' });
  });

  it('runs work without a trace in its request scope only', async () => {
    expect(inSpan('process x', 'consumer', {}, { requestId: 'req-3' }, () => currentCarrier())).toEqual({ requestId: 'req-3' });
    expect(await exportedSpans()).toEqual([]);
  });
});
