/**
 * Live subscriptions: K subscribers on ONE gateway process follow courier positions; positions are
 * published on NATS at R per second (as tracking does, on the live subject) with their timestamp, and
 * each client measures event → client latency when the position reaches it.
 *
 * Self-contained: the subscription fields are not in the committed supergraph yet, so the benchmark
 * runs its own gateway process (the real `gateway/src/index.ts`) over the test shop's supergraph, with
 * the shop's subgraphs in this process (they only answer the access check at subscribe time).
 * `args.gatewayUrl` is not used. Gateway RSS and CPU are read from /proc of that gateway's pid.
 *
 * Environment: BENCH_SUBSCRIBERS (K, default 10000), BENCH_FANOUT (subscribers per order, default 1:
 * every tracking screen follows its own order), BENCH_SUBS_PER_CONNECTION (default 1), NATS_URL.
 * Target from the issue: p99 < 100 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SUBJECTS } from '@qc/shared';
import { FollowCourierDocument } from '../../clients/customer-app/__generated__/graphql';
import { operationRequest } from '../../clients/persisted';
import { addOrder } from '../../gateway/src/subscriptions/testing/shop';
import { freePort, intEnv, percentile, sample, sleep, waitFor } from './harness';
import { startBenchShop } from './shop';
import type { BenchArgs } from './index';

const TARGET_P99_MS = 100;
interface LiveStats {
  subscriptions: number;
  readsInFlight: number;
  coalesced: number;
  events: number;
}

const liveStats = async (healthUrl: string) => ((await (await fetch(healthUrl)).json()) as { live: LiveStats }).live;

/** One graphql-ws connection (the protocol spoken by hand: the client library is not what we measure). */
function connect(url: string, token: string, onPosition: (recordedAt: string) => void, onError: (message: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; payload?: any };
      if (message.type === 'next') onPosition(message.payload.data.courierPosition.recordedAt);
      else if (message.type === 'connection_ack') resolve(socket);
      else if (message.type === 'error') onError(JSON.stringify(message.payload));
    });
    socket.on('close', (code) => {
      if (code !== 1000) reject(new Error(`connection closed with ${code}`));
    });
  });
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>, between: () => Promise<void>) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(work));
    await between();
  }
}

export async function run(args: BenchArgs): Promise<void> {
  const subscribers = intEnv('BENCH_SUBSCRIBERS', 10_000);
  const fanout = Math.min(subscribers, intEnv('BENCH_FANOUT', 1));
  const perConnection = Math.min(20, intEnv('BENCH_SUBS_PER_CONNECTION', 1));
  const orders = Math.ceil(subscribers / fanout);
  console.log(`\nsubscriptions: ${subscribers} subscribers (${orders} orders × ${fanout}, ${perConnection} per connection) on one gateway process, ${args.rate} positions/s for ${args.duration}s`);

  const backend = await startBenchShop('bench-subscriptions');
  const { shop, nats, events } = backend;
  // One customer owns every order, so any connection may carry any of them; each subscription is still checked.
  for (let i = 0; i < orders; i += 1) addOrder(shop, { id: `ord_${i}`, customerId: 'cus_bench' });

  const port = await freePort();
  const root = join(__dirname, '..', '..');
  let gateway: ChildProcess | undefined;
  const sockets: WebSocket[] = [];
  // Interrupted: do not leave the gateway process behind.
  const interrupted = () => {
    gateway?.kill('SIGTERM');
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    gateway = spawn(process.execPath, ['--import', 'tsx', join(root, 'gateway', 'src', 'index.ts')], {
      cwd: root,
      // One token stands for every screen here, so its per-user rate budget is lifted.
      env: { ...process.env, ...shop.env({ GATEWAY_PORT: String(port), LOG_LEVEL: 'warn', SUPERGRAPH_WATCH: 'false', SUBSCRIPTIONS_MAX_PER_CONNECTION: '20', RATE_LIMIT_USER: '100000000' }) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const pid = gateway.pid!;
    const healthUrl = `http://127.0.0.1:${port}/health`;
    await waitFor('the gateway start', 60_000, async () => ((await fetch(healthUrl)).ok ? true : undefined));
    const idle = sample(pid);
    console.log(`  gateway pid ${pid} (RSS and CPU read from /proc/${pid})`);

    // Subscribe.
    const latencies: number[] = [];
    let measuring = false;
    let delivered = 0;
    const errors: string[] = [];
    const refused = () => (errors.length ? `${errors.length} subscriptions refused, e.g. ${errors[0]}` : undefined);
    const onPosition = (recordedAt: string) => {
      if (!measuring) return;
      delivered += 1;
      latencies.push(Date.now() - Date.parse(recordedAt));
    };
    const subscribeStarted = Date.now();
    const token = await shop.token({ sub: 'cus_bench', role: 'customer' });
    const connections = Array.from({ length: Math.ceil(subscribers / perConnection) }, (_, c) => c);
    // Batches wait for the gateway to finish the previous one, as clients arriving over time would:
    // all at once, new sockets would wait behind thousands of access checks past the 3 s init timeout.
    let opened = 0;
    await inBatches(connections, 200, async (c) => {
      const socket = await connect(`ws://127.0.0.1:${port}/graphql`, token, onPosition, (e) => errors.push(e));
      sockets.push(socket);
      for (let s = c * perConnection; s < Math.min(subscribers, (c + 1) * perConnection); s += 1) {
        socket.send(JSON.stringify({ id: String(s), type: 'subscribe', payload: operationRequest(FollowCourierDocument, { orderId: `ord_${s % orders}` }) }));
        opened += 1;
      }
    }, async () => {
      await waitFor(
        'a batch of subscriptions',
        120_000,
        async () => {
          const live = await liveStats(healthUrl);
          return live.subscriptions >= opened && live.readsInFlight === 0 ? live : undefined;
        },
        refused,
      );
    });
    await waitFor(
      'every subscription',
      300_000,
      async () => {
        const live = await liveStats(healthUrl);
        return live.subscriptions >= subscribers && live.readsInFlight === 0 ? live : undefined;
      },
      refused,
    );
    const subscribed = sample(pid);
    console.log(
      `  subscribed     ${subscribers} in ${((Date.now() - subscribeStarted) / 1000).toFixed(1)} s, gateway CPU ${(subscribed.cpuSeconds - idle.cpuSeconds).toFixed(1)} s (token, validation, access check through the gateway for each)`,
    );

    // Publish at a fixed rate, orders round-robin, each position stamped with the time it was sent.
    let next = 0;
    const publishFor = async (seconds: number) => {
      const started = Date.now();
      let sent = 0;
      while (Date.now() - started < seconds * 1000) {
        const due = Math.floor(((Date.now() - started) / 1000) * args.rate);
        for (; sent < due; sent += 1) {
          const orderId = `ord_${next++ % orders}`;
          const now = new Date();
          nats.publish(events.liveSubject(SUBJECTS.trackingPosition), JSON.stringify({ courierId: 'cou_kim', orderId, lat: 52.52, lng: 13.405, heading: 90, speed: 4.2, recordedAt: now.toISOString(), eta: { orderId, estimatedArrivalAt: new Date(now.getTime() + 600_000).toISOString(), minutesRemaining: 10 } }));
        }
        await sleep(10);
      }
      return sent;
    };
    await publishFor(Math.min(3, args.duration)); // warm-up, not measured
    await sleep(500);
    const before = await liveStats(healthUrl);
    const start = sample(pid);
    const clientCpu = process.cpuUsage();
    measuring = true;
    const rssDuring: number[] = [];
    const sampler = setInterval(() => rssDuring.push(sample(pid).rssMb), 1000);
    const published = await publishFor(args.duration);
    const end = sample(pid);
    const clientCpuUsed = process.cpuUsage(clientCpu);
    await sleep(1000); // let the last positions arrive
    measuring = false;
    clearInterval(sampler);
    const after = await liveStats(healthUrl);

    latencies.sort((a, b) => a - b);
    const cpu = ((end.cpuSeconds - start.cpuSeconds) / ((end.at - start.at) / 1000)) * 100;
    const p99 = percentile(latencies, 99);
    console.log(
      [
        `  published      ${published} positions (${(published / args.duration).toFixed(0)}/s); expected deliveries ${published * fanout}`,
        `  delivered      ${delivered} (${(delivered / args.duration).toFixed(0)}/s); coalesced for slow clients ${after.coalesced - before.coalesced}`,
        `  latency ms     p50 ${percentile(latencies, 50)}  p99 ${p99}  max ${latencies.at(-1) ?? NaN}  (event stamped at publish → parsed by the client)`,
        `  gateway RSS    ${idle.rssMb.toFixed(0)} MB idle, ${subscribed.rssMb.toFixed(0)} MB with ${subscribers} subscribers (${(((subscribed.rssMb - idle.rssMb) * 1024) / subscribers).toFixed(1)} KB each), peak ${Math.max(...rssDuring, end.rssMb).toFixed(0)} MB under load`,
        `  gateway CPU    ${cpu.toFixed(0)}% of one core under load`,
        `  bench process  ${(((clientCpuUsed.user + clientCpuUsed.system) / 1e6 / ((end.at - start.at) / 1000)) * 100).toFixed(0)}% of one core (the clients and the publisher; near 100% means the clients, not the gateway, set the pace)`,
        `  target         p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS && delivered > 0 ? 'MET' : 'MISSED'}`,
      ].join('\n'),
    );
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    for (const socket of sockets) socket.terminate();
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM');
      await new Promise((r) => gateway!.once('exit', r));
    }
    await backend.stop();
  }
}
