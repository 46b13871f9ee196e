/**
 * `npm run demo:check`: boots the whole stack with `npm start` (the demo city included), as a new user
 * would, and checks the first five minutes from a real graphql-ws client:
 *   1. the ready banner names a customer token and an order that is moving;
 *   2. a `courierPosition` subscription for that order receives a position within 10 s;
 *   3. an `orderUpdated` subscription sees a status change within 2 minutes (the banner's order and
 *      the other seeded open orders, followed as an admin);
 *   4. SIGINT to the process group (a terminal's Ctrl-C) stops every process, the demo city included.
 * Prints what it saw, with times, and exits 1 when any of it failed. Not part of `npm test`: it runs
 * the real stack on the ports and database of the environment (use your own, see the root README).
 * `--log FILE` keeps everything the stack printed; `--stop parent` stops it with SIGTERM to `npm start`
 * alone instead of SIGINT to its group.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DEV_JWT_SECRET, GATEWAY_PORT, SUBGRAPHS, subgraphUrl } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import { connectClient, type TestClient } from '../gateway/src/subscriptions/testing/client';
import { answers } from './services';
import { generateCity } from './seed/city';
import { isSeeded } from './seed/load';
import { LIVE } from './seed/orders';

const READY_TIMEOUT_MS = 300_000;
const POSITION_WITHIN_MS = 10_000;
const STATUS_WITHIN_MS = 120_000;
const STOP_WITHIN_MS = 20_000;
/** The gateway takes 20 subscriptions per connection. */
const PER_CONNECTION = 20;

const root = join(__dirname, '..');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Outcome {
  ok: boolean;
  line: string;
}

/** True when some process of the group is still alive after `ms` (children may take a moment after the parent). */
async function groupOutlives(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return false;
    }
    if (Date.now() >= deadline) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<number> {
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? GATEWAY_PORT);
  const wsUrl = `ws://127.0.0.1:${gatewayPort}/graphql`;
  const emptyAtStart = !(await isSeeded());
  console.log(`demo:check: database ${emptyAtStart ? 'empty' : 'ALREADY SEEDED'} at start; starting npm start (gateway :${gatewayPort})`);

  const started = Date.now();
  // Its own process group, so the check can signal the group as a terminal's Ctrl-C does. Run as
  // `npm start` runs it: one node process with tsx's loader.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const logFile = process.argv.includes('--log') ? process.argv[process.argv.indexOf('--log') + 1] : undefined;
  const log = logFile ? createWriteStream(logFile) : null;
  child.stdout.on('data', (chunk: Buffer) => log?.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => log?.write(chunk));
  const banner = new Promise<{ token: string; orderId: string | null; at: number }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = output.indexOf('Supergraph ready');
      if (ready < 0) return;
      const rest = output.slice(ready);
      const token = /Customer cus_001's token: (\S+)/.exec(rest)?.[1];
      if (!token) return;
      const orderId = /Moving right now: (\S+)/.exec(rest)?.[1] ?? null;
      if (!orderId && !/None of cus_001/.test(rest)) return;
      resolve({ token, orderId, at: Date.now() });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
    setTimeout(() => reject(new Error(`no ready banner within ${seconds(READY_TIMEOUT_MS)}:\n${output.slice(-3000)}`)), READY_TIMEOUT_MS).unref();
  });

  const outcomes: Outcome[] = [];
  const clients: TestClient[] = [];
  try {
    const { token, orderId, at: readyAt } = await banner;
    outcomes.push({ ok: orderId !== null, line: `ready after ${seconds(readyAt - started)}; the banner names ${orderId ?? 'no moving order'} and a token for cus_001` });
    if (!orderId) throw new Error('no moving order to follow');

    // 2. courierPosition, as the README tells a new user to paste it into Sandbox.
    const customer = connectClient(wsUrl, token);
    clients.push(customer);
    const position = new Promise<{ at: number; value: Record<string, unknown> }>((resolve, reject) => {
      customer.subscribe(
        { query: `subscription { courierPosition(orderId: "${orderId}") { lat lng heading speed recordedAt eta { minutesRemaining estimatedArrivalAt } } }` },
        {
          next: (result) => (result.data ? resolve({ at: Date.now(), value: result.data.courierPosition as Record<string, unknown> }) : reject(new Error(JSON.stringify(result.errors)))),
          error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          complete: () => undefined,
        },
      );
    });
    const subscribedAt = Date.now();
    const first = await Promise.race([position, new Promise<null>((r) => setTimeout(() => r(null), POSITION_WITHIN_MS))]);
    outcomes.push(
      first
        ? { ok: true, line: `courierPosition(${orderId}): first position ${seconds(first.at - subscribedAt)} after subscribing: ${JSON.stringify(first.value)}` }
        : { ok: false, line: `courierPosition(${orderId}): no position within ${seconds(POSITION_WITHIN_MS)}` },
    );

    // 3. orderUpdated on the banner's order and the seeded open orders (as an admin, who may follow any).
    const admin = await signDevToken(process.env.JWT_SECRET ?? DEV_JWT_SECRET, { sub: 'adm_demo_check', role: 'admin' });
    const seededOpen = generateCity()
      .orders.filter((o) => LIVE.has(o.status))
      .map((o) => o.id);
    const watched = [orderId, ...seededOpen.filter((id) => id !== orderId)].slice(0, 3 * PER_CONNECTION);
    const watchFrom = Date.now();
    const change = await new Promise<{ orderId: string; from: string; to: string; at: number } | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), STATUS_WITHIN_MS);
      for (let i = 0; i < watched.length; i += PER_CONNECTION) {
        const client = connectClient(wsUrl, admin);
        clients.push(client);
        for (const id of watched.slice(i, i + PER_CONNECTION)) {
          let firstStatus: string | null = null;
          client.subscribe(
            { query: `subscription { orderUpdated(orderId: "${id}") { id status } }` },
            {
              next: (result) => {
                const status = (result.data?.orderUpdated as { status: string } | undefined)?.status;
                if (!status) return;
                if (firstStatus === null) firstStatus = status;
                else if (status !== firstStatus) {
                  clearTimeout(timer);
                  resolve({ orderId: id, from: firstStatus, to: status, at: Date.now() });
                }
              },
              error: () => undefined,
              complete: () => undefined,
            },
          );
        }
      }
    });
    outcomes.push(
      change
        ? { ok: true, line: `orderUpdated: ${change.orderId} went ${change.from} → ${change.to} ${seconds(change.at - watchFrom)} after subscribing (${watched.length} orders followed)` }
        : { ok: false, line: `orderUpdated: no status change among ${watched.length} orders within ${seconds(STATUS_WITHIN_MS)}` },
    );
  } catch (error) {
    outcomes.push({ ok: false, line: (error as Error).message });
  } finally {
    for (const client of clients) await client.dispose();
  }

  // 4. Ctrl-C: SIGINT to the whole group (or, with `--stop parent`, SIGTERM to npm start alone, as a
  // process manager sends it), then every port must be free and the group gone.
  const parentOnly = process.argv.includes('--stop') && process.argv[process.argv.indexOf('--stop') + 1] === 'parent';
  const stopAt = Date.now();
  try {
    if (parentOnly) process.kill(child.pid!, 'SIGTERM');
    else process.kill(-child.pid!, 'SIGINT');
  } catch {
    // Already gone.
  }
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_WITHIN_MS))]);
  const ports = [...SUBGRAPHS.map(({ name }) => subgraphUrl(name)), `http://127.0.0.1:${gatewayPort}/graphql`];
  const stillUp = (await Promise.all(ports.map(async (url) => ((await answers(url, 500)) ? url : null)))).filter(Boolean);
  const groupAlive = await groupOutlives(child.pid!, Math.max(1_000, STOP_WITHIN_MS - (Date.now() - stopAt)));
  outcomes.push({
    ok: code !== 'timeout' && stillUp.length === 0 && !groupAlive,
    line: `${parentOnly ? 'SIGTERM to npm start alone' : 'Ctrl-C (SIGINT to the group)'}: npm start ${code === 'timeout' ? `still running after ${seconds(STOP_WITHIN_MS)}` : `exited (${code}) in ${seconds(Date.now() - stopAt)}`}; ${stillUp.length ? `still listening: ${stillUp.join(', ')}` : 'no port still listening'}; ${groupAlive ? 'processes of the group are still alive' : 'no process of the group left'}`,
  });
  if (groupAlive) process.kill(-child.pid!, 'SIGKILL');
  if (!emptyAtStart) outcomes.push({ ok: false, line: 'the database was already seeded: run it on an empty one (dropdb/createdb) to check the first start' });

  for (const o of outcomes) console.log(`${o.ok ? '✔' : '✗'} ${o.line}`);
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(failed ? `demo:check FAILED (${failed} of ${outcomes.length})` : 'demo:check OK');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo:check failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
