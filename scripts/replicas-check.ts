/**
 * `npm run replicas:check [-- --orders 40] [--replicas 2] [--port-base 5800] [--compiled]`: the proof
 * that the platform scales out. It runs `npm start -- --replicas N` on a private database, event
 * prefix and ports, lets the simulator place and deliver orders through the first gateway while every
 * order is followed live (`orderUpdated`) on every gateway, then counts from the databases that no
 * effect happened twice: one order per idempotency key, each status entered once, one pick task, one
 * delivery and one tracking record per order, one stock movement of each kind per reservation line, no
 * order offered to two couriers at once, no courier carrying two orders, and every event processed
 * exactly once by each consumer (outbox = processed). Prints a verdict per check; exits 1 on any miss.
 *
 * Needs Postgres, Redis and NATS (the same ones `npm start` uses); leaves nothing behind but its
 * database (dropped at the next run) and deletes its event stream.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { connect } from 'nats';
import { createDb, DEV_JWT_SECRET, SUBGRAPHS, type Knex } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import { DEFAULT_SIMULATE_ARGS } from './simulate/args';
import { runSimulation } from './simulate/run';
import { REPLICA_PORT_STEP } from './start';

const root = join(__dirname, '..');

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** One live follower of an order on one gateway: the statuses it saw, in order. */
interface Follow {
  gateway: number;
  orderId: string;
  statuses: string[];
  done: boolean;
  error?: string;
}

/** graphql-ws reports a GraphQL error list, a close event or an Error. */
function describeError(error: unknown): string {
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message ?? JSON.stringify(e)).join('; ');
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) return `socket closed ${String(error.code)} ${String(error.reason)}`;
  return error instanceof Error ? error.message : JSON.stringify(error);
}

async function rows<T>(db: Knex, sql: string): Promise<T[]> {
  return (await db.raw(sql)).rows as T[];
}

async function count(db: Knex, sql: string): Promise<number> {
  const [row] = await rows<{ n: string }>(db, sql);
  return Number(row?.n ?? 0);
}

/** The duplicate-effect checks, each a query that counts what must be zero. */
const ZERO_CHECKS: { name: string; sql: (since: string) => string }[] = [
  { name: 'one order per idempotency key', sql: () => `select count(*) as n from (select customer_id, key from orders.idempotency_keys where order_id is not null group by 1, 2 having count(distinct order_id) > 1) d` },
  { name: 'each order status entered once', sql: (since) => `select count(*) as n from (select order_id, to_status from orders.order_status_history where at >= '${since}' group by 1, 2 having count(*) > 1) d` },
  { name: 'one payment per order', sql: (since) => `select count(*) as n from (select order_id from orders.payments where created_at >= '${since}' group by 1 having count(*) > 1) d` },
  { name: 'one pick task per order', sql: (since) => `select count(*) as n from (select order_id from fulfillment.pick_tasks where created_at >= '${since}' group by 1 having count(*) > 1) d` },
  { name: 'one delivery per order', sql: (since) => `select count(*) as n from (select order_id from delivery.deliveries where created_at >= '${since}' group by 1 having count(*) > 1) d` },
  { name: 'one tracking record per order', sql: () => `select count(*) as n from (select order_id from tracking.active_deliveries group by 1 having count(*) > 1) d` },
  { name: 'one stock movement of a kind per reservation line', sql: (since) => `select count(*) as n from (select reservation_id, product_id, kind, reason from availability.inventory_history where reservation_id is not null and created_at >= '${since}' group by 1, 2, 3, 4 having count(*) > 1) d` },
  {
    name: 'no order offered to two couriers at once',
    sql: (since) => `select count(*) as n from delivery.offers a join delivery.offers b on a.order_id = b.order_id and a.id < b.id
      where a.created_at >= '${since}' and b.created_at >= a.created_at and b.created_at < coalesce(a.closed_at, a.expires_at)`,
  },
  {
    name: 'no courier carrying two orders at once',
    sql: (since) => `select count(*) as n from delivery.deliveries a join delivery.deliveries b on a.courier_id = b.courier_id and a.id < b.id
      where a.created_at >= '${since}' and a.assigned_at is not null and b.assigned_at is not null
        and b.assigned_at < coalesce(a.delivered_at, 'infinity') and a.assigned_at < coalesce(b.delivered_at, 'infinity')`,
  },
];

/**
 * Every consumed subject: how many events its publishers' outboxes hold and how many each consuming
 * durable processed. Equal means nothing lost and nothing applied twice.
 */
async function eventBalance(db: Knex): Promise<{ consumer: string; subject: string; outbox: number; processed: number }[]> {
  const schemas = SUBGRAPHS.map((s) => s.name).filter((name) => name !== 'catalog');
  const outbox = new Map<string, number>();
  for (const schema of schemas) {
    for (const row of await rows<{ subject: string; n: string }>(db, `select subject, count(*) as n from ${schema}.outbox where published_at is not null group by 1`)) {
      outbox.set(row.subject, (outbox.get(row.subject) ?? 0) + Number(row.n));
    }
  }
  const out: { consumer: string; subject: string; outbox: number; processed: number }[] = [];
  for (const schema of schemas) {
    for (const row of await rows<{ consumer: string; subject: string; n: string }>(db, `select consumer, subject, count(*) as n from ${schema}.processed_events group by 1, 2`)) {
      out.push({ consumer: `${schema}/${row.consumer}`, subject: row.subject, outbox: outbox.get(row.subject) ?? 0, processed: Number(row.n) });
    }
  }
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '40' },
      replicas: { type: 'string', default: '2' },
      'port-base': { type: 'string', default: '5800' },
      compiled: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '900' },
    },
  });
  const orders = Number(values.orders);
  const replicas = Number(values.replicas);
  const base = Number(values['port-base']);
  const prefix = `replicas${Date.now().toString(36)}`;
  const database = 'qc_replicas_check';
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  const started = Date.now();

  // A fresh database each run: the counts below are of this run alone.
  const admin = createDb({ url: 'postgres://postgres@127.0.0.1:5432/postgres', schema: 'public', poolMax: 1 });
  await admin.raw(`drop database if exists ${database} with (force)`);
  await admin.raw(`create database ${database}`);
  await admin.destroy();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DEMO_CITY: 'off',
    DATABASE_URL: databaseUrl,
    EVENTS_PREFIX: prefix,
    REDIS_PREFIX: prefix,
    GATEWAY_PORT: String(base),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    // Fourteen processes and the simulator on one small machine: a slow answer is load, not a replica
    // fault, so the gateway waits longer for its subgraphs than in production before saying UNAVAILABLE.
    SUBGRAPH_TIMEOUT_MS: process.env.SUBGRAPH_TIMEOUT_MS ?? '60000',
  };
  SUBGRAPHS.forEach(({ name }, i) => {
    env[`${name.toUpperCase()}_PORT`] = String(base + 1 + i);
    delete env[`${name.toUpperCase()}_URL`];
  });
  const gateways = Array.from({ length: replicas }, (_, i) => base + i * REPLICA_PORT_STEP);
  const args = [join(root, 'scripts', 'start.ts'), '--replicas', String(replicas), '--no-demo', ...(values.compiled ? ['--compiled'] : [])];
  console.log(`› npm start -- ${args.slice(1).join(' ')} (database ${database}, event prefix ${prefix}, gateways ${gateways.join(', ')})`);
  const stack = spawn(join(root, 'node_modules', '.bin', 'tsx'), args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    stack.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Supergraph ready')) resolve();
    });
    stack.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stack.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
  const db = createDb({ url: databaseUrl, schema: 'public', poolMax: 2 });
  const followers: Follow[] = [];
  // One client per followed order: the gateway allows a connection a bounded number of subscriptions
  // (20 by default), and on a slow machine more orders than that are under way at once.
  const sockets: Client[] = [];
  const clientTo = (port: number): Client => {
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 5,
      connectionParams: async () => ({ authorization: `Bearer ${await signDevToken(DEV_JWT_SECRET, { sub: 'adm_replicas', role: 'admin', expiresIn: '2h' })}` }),
    });
    sockets.push(client);
    return client;
  };
  try {
    await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('the stack was not ready within 10 minutes')), 600_000).unref())]);
    console.log(`› ${replicas} replicas of every process are up (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const since = new Date().toISOString();

    const follow = (gateway: number, orderId: string) => {
      const f: Follow = { gateway, orderId, statuses: [], done: false };
      followers.push(f);
      const stop = clientTo(gateways[gateway]!).subscribe<{ orderUpdated: { status: string } | null }>(
        { query: 'subscription ($id: ID!) { orderUpdated(orderId: $id) { status } }', variables: { id: orderId } },
        {
          next: ({ data, errors }) => {
            if (errors?.length) f.error = errors.map((e) => `${String(e.extensions?.code ?? '')} ${e.message}`).join('; ');
            const status = data?.orderUpdated?.status;
            if (status && f.statuses.at(-1) !== status) f.statuses.push(status);
            if (status === 'DELIVERED') {
              f.done = true;
              stop();
            }
          },
          error: (error) => (f.error = describeError(error)),
          complete: () => undefined,
        },
      );
    };

    const result = await runSimulation(
      { ...DEFAULT_SIMULATE_ARGS, orders, rate: 1, couriers: 30, gatewayUrl: `http://127.0.0.1:${gateways[0]}/graphql`, timeoutSeconds: Number(values.timeout), waitSeconds: 60 },
      { log: (line) => line.startsWith('simulate: ') && !line.includes('progress') && console.log(`  ${line}`), onOrderPlaced: (id) => gateways.forEach((_, g) => follow(g, id)) },
    );
    const delivered = result.orders.filter((o) => o.deliveredAt !== undefined).length;
    const failures = new Map<string, number>();
    for (const o of result.orders) if (o.failure) failures.set(o.failure, (failures.get(o.failure) ?? 0) + 1);

    // The last events settle: wait until every published event is processed (or a minute passes).
    const settleUntil = Date.now() + 60_000;
    let balance = await eventBalance(db);
    while (balance.some((b) => b.processed !== b.outbox) && Date.now() < settleUntil) {
      await new Promise((r) => setTimeout(r, 1_000));
      balance = await eventBalance(db);
    }

    const checks: Check[] = [];
    checks.push({ name: 'orders placed and delivered', ok: result.orders.length === orders && delivered === orders, detail: `${delivered} of ${result.orders.filter((o) => o.id).length} placed (${orders} asked) delivered${[...failures].map(([why, n]) => `; ${n} × ${why}`).join('')}${result.aborted ? `; aborted: ${result.aborted}` : ''}` });
    for (const [g, port] of gateways.entries()) {
      const mine = followers.filter((f) => f.gateway === g);
      const complete = mine.filter((f) => f.done);
      const errors = mine.filter((f) => f.error);
      checks.push({
        name: `orderUpdated on gateway ${g + 1} (:${port}) followed every order to DELIVERED`,
        ok: mine.length > 0 && complete.length === delivered && errors.length === 0,
        detail: `${complete.length} of ${mine.length} complete${errors.length ? `; errors: ${errors[0]!.error}` : ''}`,
      });
    }
    for (const check of ZERO_CHECKS) {
      const n = await count(db, check.sql(since));
      checks.push({ name: check.name, ok: n === 0, detail: `${n} duplicates` });
    }
    const unbalanced = balance.filter((b) => b.processed !== b.outbox);
    checks.push({
      name: 'every event processed once by each consumer (outbox = processed)',
      ok: balance.length > 0 && unbalanced.length === 0,
      detail: unbalanced.length ? unbalanced.map((b) => `${b.consumer} ${b.subject}: ${b.processed}/${b.outbox}`).join(', ') : `${balance.length} consumer×subject pairs, ${balance.reduce((s, b) => s + b.processed, 0)} events`,
    });

    console.log(`\nReplica check (${replicas} of every process, ${orders} orders, ${((Date.now() - started) / 1000).toFixed(0)} s):`);
    for (const c of checks) console.log(`  ${c.ok ? 'OK  ' : 'MISS'} ${c.name}: ${c.detail}`);
    const failed = checks.filter((c) => !c.ok).length;
    console.log(failed ? `\nVERDICT: MISSED (${failed} check${failed === 1 ? '' : 's'})` : '\nVERDICT: MET');
    return failed ? 1 : 0;
  } finally {
    await Promise.all(sockets.map((s) => s.dispose()));
    await db.destroy();
    // The whole process group: start.ts and the processes it runs.
    if (stack.exitCode === null && stack.pid) {
      process.kill(-stack.pid, 'SIGINT');
      await new Promise((r) => stack.once('exit', r));
    }
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    await (await nc.jetstreamManager()).streams.delete(`${prefix.toUpperCase()}_EVENTS`).catch(() => false);
    await nc.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`✗ replica check failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
