/**
 * `npm start`: checks Postgres, Redis and NATS, migrates, seeds an empty database, then runs the six
 * subgraphs and the gateway as separate processes with prefixed logs — and, in development, the demo
 * city (`npm run simulate -- --demo`) beside them, unless `--no-demo` or `DEMO_CITY=off`. `--compiled`
 * runs the JavaScript `npm run build` made (`npm run start:prod`) instead of TypeScript through tsx;
 * `--replicas N` runs N copies of every subgraph and of the gateway (see replicaEnvs). Ctrl-C
 * (or SIGINT/SIGTERM to this process alone) stops them all.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import concurrently, { type ConcurrentlyCommandInput } from 'concurrently';
import { DEV_JWT_SECRET, GATEWAY_PORT, SUBGRAPHS, subgraphUrl } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import { describeMissing, missingServices } from './services';
import { CITY_MOVING } from './simulate/args';
import { ProcessTrees, forwardSignals, stopAll } from './supervise';
import { migrateAll } from './migrate';
import { seedIfEmpty } from './seed/load';
import { rebaseOpenWork } from './seed/rebase';

const root = join(__dirname, '..');
const HEALTH_TIMEOUT_MS = 300_000;
const CITY = 'city';

async function waitForHealth(urls: string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  while (pending.size && Date.now() < deadline) {
    await Promise.all(
      [...pending].map(async (url) => {
        try {
          if ((await fetch(url)).ok) pending.delete(url);
        } catch {
          // not up yet
        }
      }),
    );
    if (pending.size) await new Promise((r) => setTimeout(r, 300));
  }
  return pending.size === 0;
}

/** Whether the demo city runs: development only, and not when switched off by flag or environment. */
export function demoCityWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if ((env.NODE_ENV ?? 'development') !== 'development') return false;
  if (argv.includes('--no-demo')) return false;
  return !/^(off|false|0|no)$/i.test(env.DEMO_CITY ?? '');
}

/** `--replicas N` (1–9): how many copies of every process to run. */
export function replicaCount(argv: readonly string[]): number {
  const at = argv.indexOf('--replicas');
  if (at === -1) return 1;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 9) throw new Error(`--replicas takes a whole number from 1 to 9, not "${argv[at + 1] ?? ''}"`);
  return n;
}

/** Replica k listens this many ports above replica 1 (gateway 4000, 4020, …; catalog 4001, 4021, …). */
export const REPLICA_PORT_STEP = 20;

/**
 * The environment of each replica set: its own ports, and its gateway calling its own subgraphs.
 * Replicas share everything else — Postgres, Redis, NATS and the event prefix — which is what makes
 * them replicas: their consumers compete on the same durables, their relays and sweepers claim the
 * same rows, and every gateway hears every event. (In Kubernetes a Service balances each gateway's
 * calls over all of a subgraph's pods; here each gateway keeps to one set, which exercises the same
 * shared state.)
 */
export function replicaEnvs(env: NodeJS.ProcessEnv, replicas: number): NodeJS.ProcessEnv[] {
  const gatewayPort = Number(env.GATEWAY_PORT ?? GATEWAY_PORT);
  return Array.from({ length: replicas }, (_, i) => {
    const shift = i * REPLICA_PORT_STEP;
    const own: NodeJS.ProcessEnv = { ...env, GATEWAY_PORT: String(gatewayPort + shift) };
    for (const { name, port } of SUBGRAPHS) {
      const key = name.toUpperCase();
      const base = Number(env[`${key}_PORT`] ?? port);
      own[`${key}_PORT`] = String(base + shift);
      if (i > 0 || !env[`${key}_URL`]) own[`${key}_URL`] = `http://127.0.0.1:${base + shift}/graphql`;
    }
    return own;
  });
}

const MOVING = ['IN_TRANSIT', 'PICKED_UP', 'ASSIGNED_TO_COURIER'];

/**
 * The demo customer's token and one of their orders on its way (the simulator rides every such order),
 * for the ready banner; null when there is none.
 */
async function movingOrder(gatewayUrl: string): Promise<{ token: string; orderId: string | null }> {
  const token = await signDevToken(process.env.JWT_SECRET ?? DEV_JWT_SECRET, { sub: 'cus_001', role: 'customer', expiresIn: '12h' });
  try {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ myOrders(first: 50) { edges { node { id status } } } }' }),
    });
    const body = (await res.json()) as { data?: { myOrders: { edges: { node: { id: string; status: string } }[] } } };
    const orders = body.data?.myOrders.edges.map((e) => e.node) ?? [];
    const moving = MOVING.flatMap((status) => orders.filter((o) => o.status === status))[0];
    return { token, orderId: moving?.id ?? null };
  } catch {
    return { token, orderId: null };
  }
}

/**
 * Builds the live pages (clients/web) once, for the gateway to serve at /live in development. A failed
 * build is said and skipped: the supergraph runs without them.
 */
function buildLivePages(): boolean {
  console.log('› building the live pages (clients/web)');
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', join(root, 'clients', 'web'), '--logLevel', 'warn'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    return true;
  } catch (error) {
    console.error(`› the live pages did not build (${(error as Error).message}); /live stays off`);
    return false;
  }
}

async function main() {
  const replicas = replicaCount(process.argv.slice(2));
  const missing = await missingServices();
  if (missing.length) {
    console.error(`Cannot start: ${missing.length === 1 ? 'a service' : 'services'} the supergraph needs did not answer.\n${describeMissing(missing)}`);
    process.exit(1);
  }

  console.log('› migrating');
  await migrateAll();
  await seedIfEmpty({}, { onProgress: (line: string) => console.log(`› seed: ${line}`) });
  if ((process.env.NODE_ENV ?? 'development') === 'development') {
    const rebased = await rebaseOpenWork();
    if (rebased.shiftedMs) console.log(`› demo time: ${rebased.orders} open orders (and what every subgraph keeps about them) moved ${Math.round(rebased.shiftedMs / 60_000)} min forward, so they read as now`);
  }

  const livePages = (process.env.NODE_ENV ?? 'development') === 'development' && buildLivePages();

  // Readable lines for a person in development; JSON lines, as deployments write them, for start:prod.
  const development = (process.env.NODE_ENV ?? 'development') === 'development';
  const env = { ...process.env, LOG_FORMAT: process.env.LOG_FORMAT ?? (development ? 'pretty' : 'json'), FORCE_COLOR: '1' };
  // Each TypeScript program runs in one node process with tsx's loader, not under the tsx command: that
  // is a second process that relays a stop signal and, when the program does not acknowledge it within
  // 30 ms (as a busy one under load does not), SIGKILLs it — no graceful stop, and for a parent, orphans.
  const tsx = `${process.execPath} --import ${pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href}`;
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? GATEWAY_PORT);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  const demo = demoCityWanted(process.argv.slice(2), process.env);
  const compiled = process.argv.includes('--compiled');
  if (compiled && !existsSync(join(root, 'dist', 'gateway', 'src', 'index.js'))) {
    console.error('Cannot start --compiled: dist/ is missing. Run `npm run build` first.');
    process.exit(1);
  }
  // --compiled runs what `npm run build` made with plain node, as the production image does. `exec`:
  // concurrently runs each command through `sh -c`, and a shell that stays between dies at once on a
  // signal, so the command would count as closed while its program is still stopping.
  const program = (path: string) =>
    compiled ? `exec node --conditions=production --enable-source-maps ${join(root, 'dist', `${path}.js`)}` : `exec ${tsx} ${join(root, `${path}.ts`)}`;
  const replicaSets = replicaEnvs(env, replicas);
  const processes: ConcurrentlyCommandInput[] = replicaSets.flatMap((replicaEnv, i) => {
    const suffix = replicas > 1 ? `#${i + 1}` : '';
    return [
      ...SUBGRAPHS.map(({ name }) => ({ name: `${name}${suffix}`, command: program(`subgraphs/${name}/src/index`), env: replicaEnv })),
      { name: `gateway${suffix}`, command: program('gateway/src/index'), env: replicaEnv },
    ];
  });
  const { result, commands } = concurrently(processes, {
    prefix: '{name}',
    padPrefix: true,
    // A process that crashes (exitOnCrash exits 1) is started again, 1 s, 2 s, 4 s … later; only one
    // that keeps crashing stops the whole graph.
    restartTries: 8,
    restartDelay: 'exponential',
    killOthersOn: ['failure'],
    prefixColors: ['cyan', 'green', 'yellow', 'blue', 'magenta', 'red', 'white', 'gray'],
  });

  // The demo city runs apart: it waits for the gateway itself, and when it cannot run (nothing seeded,
  // no store open) it says why and exits 1. It is started again a few times (a store may open), and if
  // it keeps failing the supergraph goes on serving without it: the city is a demo, not a dependency.
  const city = demo
    ? concurrently([{ name: CITY.padEnd(Math.max(...[...SUBGRAPHS.map((s) => s.name), 'gateway'].map((n) => n.length))), command: `exec ${tsx} ${join(root, 'scripts', 'simulate.ts')} --demo --gateway ${gatewayUrl}`, env }], {
        prefix: '{name}',
        restartTries: 8,
        restartDelay: 'exponential',
        prefixColors: ['gray'],
      })
    : undefined;
  city?.result.catch(() => console.error(`\n✗ The demo city stopped (see its lines above); the supergraph keeps serving without it.\n`));
  // A stop signal ends every child of both groups for good; then there is nothing left to wait for.
  // Their process trees are read from now on, so that none of their processes outlives this one.
  const all = [...commands, ...(city?.commands ?? [])];
  const trees = new ProcessTrees(all).watch();
  const stopped = forwardSignals(all, process, trees);

  const healthUrls = replicaSets.flatMap((replicaEnv) => [
    ...SUBGRAPHS.map(({ name }) => subgraphUrl(name, replicaEnv).replace(/\/graphql$/, '/health')),
    `http://127.0.0.1:${replicaEnv.GATEWAY_PORT}/health`,
  ]);
  // Seven processes compile and connect at once: on a busy laptop that can take minutes.
  const cityMoving = new Promise<boolean>((resolve) => {
    const bot = city?.commands[0];
    if (!bot) return resolve(false);
    bot.stdout.subscribe((chunk) => chunk.toString().includes(CITY_MOVING) && resolve(true));
    bot.close.subscribe(() => resolve(false));
  });
  void waitForHealth(healthUrls, HEALTH_TIMEOUT_MS).then(async (up) => {
    // The moving order the banner names must already be ridden by a bot, so a subscriber sees it at once.
    if (up && demo) await Promise.race([cityMoving, new Promise((r) => setTimeout(r, HEALTH_TIMEOUT_MS).unref())]);
    if (up) {
      const lines = [`\n✔ Supergraph ready: http://localhost:${gatewayPort}/graphql  (open it in a browser for Apollo Sandbox; Ctrl-C stops everything)`];
      if (replicas > 1) lines.push(`  ${replicas} replicas of every process; gateways at ${replicaSets.map((e) => `http://localhost:${e.GATEWAY_PORT}/graphql`).join(', ')}`);
      if (livePages) lines.push(`  Live pages: http://localhost:${gatewayPort}/live/ — order tracking and the operations map, with a demo sign-in (README: "Watch it live").`);
      if (demo) {
        const { token, orderId } = await movingOrder(gatewayUrl);
        lines.push(
          '  The demo city is alive: a few orders a minute, stores picking, couriers riding (npm start -- --no-demo, or DEMO_CITY=off, to keep it still).',
          `  Customer cus_001's token: ${token}`,
          orderId
            ? `  Moving right now: ${orderId} — subscribe to courierPosition(orderId: "${orderId}") (README: "Your first subscription").`
            : '  None of cus_001\'s orders is on its way this moment; one will be within minutes (myOrders shows it).',
        );
      }
      console.log(`${lines.join('\n')}\n`);
    } else {
      console.error(`\n✗ Not every process answered its /health within ${HEALTH_TIMEOUT_MS / 1000} s; see the logs above.\n`);
    }
  });

  const ended = await Promise.race([
    result.then(
      () => 0,
      () => 1,
    ),
    stopped.then(() => 0),
  ]);
  // The city is not among the processes whose end stops the others: stop it with them, and wait for
  // it and for every process any child started (after a grace period they are killed), so none
  // outlives this process.
  await stopAll(all, 'SIGTERM', trees);
  process.exit(ended);
}

if (require.main === module) void main().catch((error: unknown) => {
  console.error(`Start failed: ${(error as Error).message}`);
  process.exit(1);
});
