import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing } from './tracing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import express from 'express';
import { createLogger } from '../logger';
import { until } from '../testing/wait';
import { accessLog } from './access-log';
import { inSpan, unsampledTraceparentNow } from './context';

// A subgraph's tracing (not the edge): the caller's sampled flag decides, and nothing is drawn (ratio 0).
const spans = new InMemorySpanExporter();
const tracing = startTracing({ service: 'request-tracing-test', exporter: spans, ratio: 0 });

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

type Line = Record<string, unknown>;
const lines: Line[] = [];
/** What the handler saw of the request's trace, by request id. */
const seen = new Map<string, { span: boolean; recording: boolean; scope: string | undefined }>();
let server: http.Server;
let base: string;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const app = express();
  app.use('/graphql', ...accessLog(createLogger('request-tracing-test', 'info', sink), () => ({}), { everyRequest: true }), (req, res) => {
    seen.set(String((req as { id?: unknown }).id), {
      span: trace.getSpan(context.active()) !== undefined,
      recording: trace.getSpan(context.active())?.isRecording() ?? false,
      scope: unsampledTraceparentNow(),
    });
    res.status(req.query.fail ? 500 : 200).send('ok');
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await tracing.shutdown();
});

beforeEach(() => spans.reset());

async function send(requestId: string, headers: Record<string, string> = {}, path = '/graphql') {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'x-request-id': requestId, ...headers } });
  await res.text();
  return until(() => lines.find((l) => l.requestId === requestId), `the access line of ${requestId}`);
}

/** The spans ended so far, once a sampled marker span has reached the exporter after them. */
async function exported() {
  inSpan('marker', 'internal', {}, { traceparent: `00-${TRACE}-${PARENT}-01` }, () => undefined);
  await until(() => spans.getFinishedSpans().some((s) => s.name === 'marker'), 'the marker span exported');
  return spans.getFinishedSpans().filter((s) => s.name !== 'marker');
}

describe('a request coming in', () => {
  it("when its traceparent says sampled, then it runs in a server span, child of the caller's, ended with the response", async () => {
    const line = await send('sampled-1', { traceparent: `00-${TRACE}-${PARENT}-01` });
    expect(seen.get('sampled-1')).toEqual({ span: true, recording: true, scope: undefined });
    const [span, ...others] = await exported();
    expect(others).toEqual([]);
    expect(span).toMatchObject({ name: 'POST /graphql', kind: SpanKind.SERVER });
    expect(span!.spanContext().traceId).toBe(TRACE);
    expect(span!.parentSpanContext?.spanId).toBe(PARENT);
    expect(span!.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200, 'request.id': 'sampled-1', 'server.port': Number(new URL(base).port) });
    expect(line.traceId).toBe(TRACE);
  });

  it('when it fails (5xx), then its server span says so', async () => {
    await send('sampled-500', { traceparent: `00-${TRACE}-${PARENT}-01` }, '/graphql?fail=1');
    const [span] = await exported();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['http.response.status_code']).toBe(500);
  });

  it('when its traceparent says not sampled, then it runs with no span, its trace continued in the request scope', async () => {
    const line = await send('unsampled-1', { traceparent: `00-${TRACE}-${PARENT}-00` });
    expect(seen.get('unsampled-1')).toEqual({ span: false, recording: false, scope: `00-${TRACE}-${PARENT}-00` });
    expect(line.traceId).toBe(TRACE);
    expect(await exported()).toEqual([]);
  });

  it('when it has no traceparent and is not drawn, then it is not sampled, in a new trace of its own', async () => {
    const line = await send('untraced-1');
    const handler = seen.get('untraced-1');
    expect(handler).toMatchObject({ span: false, recording: false });
    expect(handler?.scope).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-00$/);
    expect(line.traceId).toBe(handler!.scope!.slice(3, 35));
    expect(await exported()).toEqual([]);
  });
});

describe("a library's spans (@apollo/gateway's)", () => {
  it("when no sampled trace is running, then none is started and its work runs in the caller's context as it is", async () => {
    const before = context.active();
    const seen = trace.getTracer('library').startActiveSpan('gateway.request', { attributes: { a: 1 } }, (span) => ({ recording: span.isRecording(), same: context.active() === before }));
    expect(seen).toEqual({ recording: false, same: true });
    expect(trace.getTracer('library').startSpan('gateway.fetch').isRecording()).toBe(false);
    expect(await exported()).toEqual([]);
  });

  it('when a sampled trace is running, then its spans are children in it', async () => {
    await inSpan('request', 'internal', {}, { traceparent: `00-${TRACE}-${PARENT}-01` }, () =>
      trace.getTracer('library').startActiveSpan('gateway.request', (span) => span.end()),
    );
    const library = (await exported()).find((s) => s.name === 'gateway.request');
    expect(library?.spanContext().traceId).toBe(TRACE);
  });
});
