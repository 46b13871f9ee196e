import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { jwtVerify } from 'jose';
import { createLogger } from '@qc/shared';
import { serveLivePages } from './live-pages';

const SECRET = 'live-pages-test-secret-'.padEnd(40, 'x');
const dir = mkdtempSync(join(tmpdir(), 'live-pages-'));
const servers: { close(): void }[] = [];

async function start(devTokenSecret?: string, pagesDir = dir): Promise<{ url: string; served: boolean }> {
  const app = express();
  const served = serveLivePages(app, { dir: pagesDir, devTokenSecret, maxLifetimeSeconds: 3600, log: createLogger('test', 'silent') });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, served };
}

const askToken = (url: string, body: unknown) => fetch(`${url}/live/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(() => writeFileSync(join(dir, 'index.html'), '<!doctype html><title>live</title>'));
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the live pages at /live', () => {
  it('when the pages are built, then /live/ serves their index', async () => {
    const { url, served } = await start();
    expect(served).toBe(true);
    const res = await fetch(`${url}/live/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>live</title>');
  });

  it('when they are not built, then nothing is served', async () => {
    const { url, served } = await start(SECRET, join(dir, 'missing'));
    expect(served).toBe(false);
    expect((await fetch(`${url}/live/`)).status).toBe(404);
    expect((await askToken(url, { role: 'customer', sub: 'cus_001' })).status).toBe(404);
  });

  it('when development gives a secret, then a customer or admin token is signed with it, for an hour at most here', async () => {
    const { url } = await start(SECRET);
    const res = await askToken(url, { role: 'customer', sub: 'cus_001' });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET));
    expect(payload).toMatchObject({ role: 'customer', sub: 'cus_001' });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });

  it('when another role, a malformed subject or no body is asked for, then it is refused with 400', async () => {
    const { url } = await start(SECRET);
    for (const body of [{ role: 'courier', sub: 'cou_001' }, { role: 'customer', sub: 'cus 001\u0000' }, { role: 'admin', sub: 'x'.repeat(65) }, {}]) {
      expect((await askToken(url, body)).status).toBe(400);
    }
  });

  it('when no secret is given (outside development), then there is no token route', async () => {
    const { url } = await start();
    const res = await askToken(url, { role: 'admin', sub: 'ops' });
    // The static files answer a POST they cannot serve: not found, or method not allowed.
    expect([404, 405]).toContain(res.status);
    expect(await res.text()).not.toContain('token');
  });
});
