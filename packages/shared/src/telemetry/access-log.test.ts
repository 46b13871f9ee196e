import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { createLogger } from '../logger';
import { accessLog, type AccessLogOptions } from './access-log';

type Line = Record<string, unknown>;

/** A server whose /ok answers 200, /missing 404 and /broken 500, behind the access log; its lines are collected. */
async function serve(level: string, options: AccessLogOptions) {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const app = express();
  app.use(...accessLog(createLogger('access-test', level, sink), () => ({ operation: 'Op' }), options));
  app.get('/ok', (_req, res) => void res.send('ok'));
  app.get('/missing', (_req, res) => void res.status(404).send('no'));
  app.get('/broken', (_req, res) => void res.status(500).send('oops'));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    lines,
    /** Sends the request and waits for the response's end; the line is written when the response finishes. */
    get: async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, { headers });
      await res.text();
      return res;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('access log', () => {
  it('when every request is logged (JSON logs), then a successful request has its line with id, status, fields and duration', async () => {
    const s = await serve('info', { everyRequest: true });
    try {
      const res = await s.get('/ok', { 'x-request-id': 'client-1' });
      expect(res.headers.get('x-request-id')).toBe('client-1');
      const line = s.lines.find((l) => l.msg === 'request');
      expect(line).toMatchObject({ level: 30, requestId: 'client-1', method: 'GET', path: '/ok', status: 200, operation: 'Op' });
      expect(typeof line?.durationMs).toBe('number');
    } finally {
      await s.close();
    }
  });

  it('when only failed and slow requests are logged (pretty logs), then a quick success has no line and failures do', async () => {
    const s = await serve('info', { everyRequest: false });
    try {
      await s.get('/ok', { 'x-request-id': 'quiet-ok' });
      await s.get('/missing', { 'x-request-id': 'quiet-404' });
      await s.get('/broken', { 'x-request-id': 'quiet-500' });
      // Lines are written in response order: the 500's line is proof the earlier responses were judged.
      expect(s.lines.map((l) => [l.requestId, l.level, l.msg])).toEqual([
        ['quiet-404', 30, 'request'],
        ['quiet-500', 50, 'request failed'],
      ]);
    } finally {
      await s.close();
    }
  });

  it('when only failed and slow requests are logged, then a request at the slow threshold has its line', async () => {
    const s = await serve('info', { everyRequest: false, slowMs: 0 });
    try {
      await s.get('/ok', { 'x-request-id': 'slow-ok' });
      expect(s.lines.find((l) => l.requestId === 'slow-ok')).toMatchObject({ level: 30, msg: 'request', status: 200 });
    } finally {
      await s.close();
    }
  });

  it('when only failed and slow requests are logged and LOG_LEVEL is debug, then every request has its line, at debug', async () => {
    const s = await serve('debug', { everyRequest: false });
    try {
      await s.get('/ok', { 'x-request-id': 'debug-ok' });
      expect(s.lines.find((l) => l.requestId === 'debug-ok')).toMatchObject({ level: 20, msg: 'request', status: 200 });
    } finally {
      await s.close();
    }
  });

  it('when the client sends no usable request id, then a new UUID is used and returned', async () => {
    const s = await serve('info', { everyRequest: true });
    try {
      const res = await s.get('/ok', { 'x-request-id': 'not ok <id>' });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(s.lines.find((l) => l.msg === 'request')?.requestId).toBe(id);
    } finally {
      await s.close();
    }
  });
});
