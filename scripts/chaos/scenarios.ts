/**
 * The faults a chaos run injects, each under simulator order load, and the report each prints: what
 * was done, how long until the stack answered again, and the verdict counted from Postgres and JetStream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventBus } from '@qc/shared';
import type { ChaosStack, ProcessName } from './stack';
import { PROCESS_NAMES } from './stack';
import type { Auditor, Check } from './verdict';
import { Follower, pickFollowedOrder } from './follower';

const root = join(__dirname, '..', '..');
const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a scenario shares with the runner. */
export interface ChaosContext {
  stack: ChaosStack;
  bus: EventBus;
  auditor: Auditor;
  logDir: string;
  /** Dead letters the run has caused on purpose so far, by `<consumer>@<subject>`. */
  expectedDeadLetters: Map<string, number>;
  /** For soak: minutes of load. */
  minutes: number;
}

export interface FaultReport {
  what: string;
  /** From the fault's injection (or, for an outage, from the dependency's return) until every process is ready and the canary answers. */
  recoveredMs: number | null;
}

export interface ScenarioResult {
  faults: FaultReport[];
  extra: Check[];
  notes: string[];
}

export interface Scenario {
  name: string;
  describe: string;
  /** Orders per second of background load and how many seconds it lasts at least. */
  load: { rate: number; seconds: number };
  run(ctx: ChaosContext): Promise<ScenarioResult>;
}

/** The simulator as a child process, its output in a log file; resolves with its exit code. */
export function startLoad(ctx: ChaosContext, name: string, rate: number, seconds: number): { done: Promise<number | null>; child: ChildProcess } {
  const orders = Math.max(1, Math.round(rate * seconds));
  const log = createWriteStream(join(ctx.logDir, `simulate-${name}.log`));
  const child = spawn(
    process.execPath,
    [tsxCli, join(root, 'scripts', 'simulate.ts'), '--gateway', ctx.stack.gatewayUrl, '--orders', String(orders), '--rate', String(rate), '--speed', '60', '--couriers', '20', '--timeout', String(seconds + 90), '--wait', '60', '--seed', String(Date.now() % 1_000_000)],
    { cwd: root, env: { ...ctx.stack.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { done, child };
}

/** An anonymous query through the gateway (the catalog and availability by location are public). */
async function askGateway<T>(ctx: ChaosContext, query: string, timeoutMs: number): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const res = await fetch(ctx.stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return (await res.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
}

type ProductsAvailability = { products: { edges: { node: { availability: { stale: boolean } } }[] } };
const BERLIN = '{ lat: 52.52, lng: 13.405 }';

/** A query through the gateway that needs catalog and availability, answered without error and not stale. */
async function canary(ctx: ChaosContext): Promise<boolean> {
  try {
    const body = await askGateway<ProductsAvailability>(ctx, `{ products(first: 3) { edges { node { id availability(location: ${BERLIN}) { stale } } } } }`, 3000);
    return !body.errors?.length && !!body.data && body.data.products.edges.every((e) => !e.node.availability.stale);
  } catch {
    return false;
  }
}

/** Milliseconds from `since` until every process is ready and the canary answers (null after `ms`). */
export async function recoveredAfter(ctx: ChaosContext, since: number, ms = 180_000): Promise<number | null> {
  for (;;) {
    if ((await ctx.stack.allReady()) && (await canary(ctx))) return Date.now() - since;
    if (Date.now() - since > ms) return null;
    await sleep(200);
  }
}

/** `kill -9` each subgraph and the gateway in turn, each after the one before has recovered. */
const kill: Scenario = {
  name: 'kill',
  describe: 'kill -9 of each subgraph and of the gateway in turn, under order load (npm start restarts them)',
  load: { rate: 0.5, seconds: 150 },
  async run(ctx) {
    const faults: FaultReport[] = [];
    for (const name of PROCESS_NAMES as readonly ProcessName[]) {
      const pid = ctx.stack.kill9(name);
      const at = Date.now();
      const recoveredMs = await recoveredAfter(ctx, at);
      faults.push({ what: `kill -9 ${name} (pid ${pid}) → pid ${ctx.stack.pidOf(name) ?? '—'}`, recoveredMs });
      await sleep(5000);
    }
    return { faults, extra: [], notes: [] };
  },
};

/** Our NATS killed and started again on the same store directory (the stream survives, as on a disk). */
const nats: Scenario = {
  name: 'nats',
  describe: 'NATS (private, JetStream, own store) killed, down 10 s, started again, under order load',
  load: { rate: 0.5, seconds: 60 },
  async run(ctx) {
    await ctx.stack.infra.nats.kill();
    await sleep(10_000);
    await ctx.stack.infra.nats.start();
    const back = Date.now();
    return { faults: [{ what: 'NATS down 10 s, restarted', recoveredMs: await recoveredAfter(ctx, back) }], extra: [], notes: [] };
  },
};

/** Redis killed (its data is gone: no persistence), down 10 s, started empty; a live courierPosition is followed throughout. */
const redis: Scenario = {
  name: 'redis',
  describe: 'Redis (private, no persistence) killed, down 10 s, back empty, under order load, with a live courierPosition subscription',
  load: { rate: 0.5, seconds: 60 },
  async run(ctx) {
    const order = await pickFollowedOrder(ctx.auditor.db);
    const follower = order ? new Follower(order, ctx.stack.gatewayUrl, ctx.stack.wsUrl) : null;
    const extra: Check[] = [];
    const notes: string[] = [];
    if (follower) {
      await follower.start();
      const before = Date.now();
      while (follower.received.length < 2 && Date.now() - before < 30_000) await sleep(250);
    }
    const beforeOutage = follower?.received.length ?? 0;
    await ctx.stack.infra.redis.kill();
    const downAt = Date.now();
    // Stale answers while it is down: availability must answer, flagged stale, within its usual time.
    await sleep(3000);
    const staleProbe = await staleAnswer(ctx);
    await sleep(7000);
    await ctx.stack.infra.redis.start();
    const back = Date.now();
    const recoveredMs = await recoveredAfter(ctx, back);
    extra.push({
      ok: staleProbe.ok,
      name: 'availability while Redis is down',
      detail: staleProbe.detail,
    });
    if (follower && order) {
      const deadline = Date.now() + 30_000;
      while (follower.receivedAfter(back) < 3 && Date.now() < deadline) await sleep(250);
      const after = follower.receivedAfter(back);
      extra.push({
        ok: beforeOutage >= 1 && after >= 3,
        name: 'courierPosition across the Redis restart',
        detail: `order ${order.orderId}: ${beforeOutage} positions before Redis went down, ${follower.receivedAfter(downAt) - after} while down, ${after} in the first ${seconds(Date.now() - back)} after it came back empty; reports accepted ${follower.reportsAccepted}, failed ${follower.reportsFailed}${follower.errors.length ? `; errors: ${follower.errors.slice(0, 3).join(' | ')}` : ''}`,
      });
      await follower.stop();
    } else {
      extra.push({ ok: false, name: 'courierPosition across the Redis restart', detail: 'no seeded order under way with a courier position to follow' });
    }
    return { faults: [{ what: `Redis down ${seconds(back - downAt)}, back empty`, recoveredMs }], extra, notes };
  },
};

/** Availability and storesNear asked through the gateway while Redis is down: answered, and flagged stale. */
async function staleAnswer(ctx: ChaosContext): Promise<{ ok: boolean; detail: string }> {
  const started = Date.now();
  try {
    const body = await askGateway<ProductsAvailability & { storesNear: unknown[] }>(
      ctx,
      `{ storesNear(location: ${BERLIN}) { store { id } } products(first: 5) { edges { node { id availability(location: ${BERLIN}) { stale quantity } } } } }`,
      10_000,
    );
    const ms = Date.now() - started;
    if (body.errors?.length || !body.data) return { ok: false, detail: `errors after ${ms} ms: ${JSON.stringify(body.errors?.map((e) => e.extensions?.code))}` };
    const stale = body.data.products.edges.map((e) => e.node.availability.stale);
    return { ok: stale.every(Boolean) && ms < 2000, detail: `answered in ${ms} ms: ${body.data.storesNear.length} stores near, availability stale = ${JSON.stringify(stale)}` };
  } catch (error) {
    return { ok: false, detail: `no answer after ${Date.now() - started} ms: ${(error as Error).message}` };
  }
}

/** Our Postgres cluster stopped the hard way (`pg_ctl -m immediate`), down 10 s, started again (crash recovery). */
const postgres: Scenario = {
  name: 'postgres',
  describe: 'Postgres (private cluster, pg_ctl) stopped -m immediate, down 10 s, started again, under order load',
  load: { rate: 0.5, seconds: 60 },
  async run(ctx) {
    await ctx.stack.infra.postgres.kill();
    const downAt = Date.now();
    await sleep(10_000);
    await ctx.stack.infra.postgres.start();
    const back = Date.now();
    return { faults: [{ what: `Postgres down ${seconds(back - downAt)}, restarted`, recoveredMs: await recoveredAfter(ctx, back) }], extra: [], notes: [] };
  },
};

/** Poison on every subject a durable consumer reads: not JSON, `null`, an envelope of another shape, a payload its contract refuses. */
const poison: Scenario = {
  name: 'poison',
  describe: 'four poison messages on every consumed subject (not JSON, null, a wrong envelope, a contract-breaking payload), under order load',
  load: { rate: 0.5, seconds: 45 },
  async run(ctx) {
    const jsm = await ctx.bus.jsm();
    const bySubject = new Map<string, string[]>();
    for await (const c of jsm.consumers.list(ctx.bus.stream)) {
      if (!c.config.durable_name || !c.config.filter_subject) continue;
      const subject = c.config.filter_subject.slice(ctx.bus.prefix.length + 1);
      bySubject.set(subject, [...(bySubject.get(subject) ?? []), c.config.durable_name]);
    }
    const poisons = (subject: string) => [
      'not json {',
      'null',
      JSON.stringify({ id: randomUUID(), nothing: 'here' }),
      JSON.stringify({ id: randomUUID(), subject, version: 1, occurredAt: new Date().toISOString(), data: { broken: true } }),
    ];
    const at = Date.now();
    let sent = 0;
    for (const [subject, consumers] of bySubject) {
      for (const body of poisons(subject)) {
        await ctx.bus.js.publish(ctx.bus.subject(subject), body);
        sent++;
      }
      for (const consumer of consumers) ctx.expectedDeadLetters.set(`${consumer}@${subject}`, (ctx.expectedDeadLetters.get(`${consumer}@${subject}`) ?? 0) + 4);
    }
    // The stack must neither crash nor stall: every process stays up and consumers go on.
    const recoveredMs = await recoveredAfter(ctx, at);
    return {
      faults: [{ what: `${sent} poison messages on ${bySubject.size} subjects read by ${[...bySubject.values()].flat().length} consumers`, recoveredMs }],
      extra: [],
      notes: [],
    };
  },
};

/** No fault: N minutes of load, RSS of every process printed every 30 s. */
const soak: Scenario = {
  name: 'soak',
  describe: 'the simulator for N minutes (--minutes), RSS per process every 30 s',
  load: { rate: 0.5, seconds: 0 },
  async run(ctx) {
    const notes: string[] = [];
    const until = Date.now() + ctx.minutes * 60_000;
    const header = `   t  ${PROCESS_NAMES.map((n) => n.padStart(13)).join('')}   (RSS, MiB)`;
    console.log(header);
    notes.push(header);
    const started = Date.now();
    for (;;) {
      const rss = ctx.stack.rss();
      const line = `${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s ${PROCESS_NAMES.map((n) => String(rss[n] ?? '—').padStart(13)).join('')}`;
      console.log(line);
      notes.push(line);
      if (Date.now() >= until) break;
      await sleep(Math.min(30_000, Math.max(0, until - Date.now())));
    }
    return { faults: [], extra: [], notes };
  },
};

export const SCENARIOS: readonly Scenario[] = [kill, nats, redis, postgres, poison, soak];
