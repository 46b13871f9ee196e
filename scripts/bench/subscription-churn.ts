/**
 * Subscription churn: clients subscribe and unsubscribe CYCLES times (default 10,000) while positions
 * stream, and the gateway's memory is sampled after every 1,000 — it must stay flat, because every
 * subscription, topic, selection group, NATS subscription and socket is released when its client
 * leaves (the issue's "subscribe/unsubscribe 10,000 times → memory flat").
 *
 * The gateway runs in this process (the real `buildGateway`, over the test shop's supergraph and
 * in-memory subgraphs), so the heap can be measured after a full garbage collection: RSS alone moves
 * with the allocator and would hide or fake a small leak. The clients are the real graphql-ws client
 * and are disposed before each sample, so whatever is still on the heap is the gateway's (or a leak
 * in the clients, which would show the same way).
 *
 * Each 1,000 mixes what real screens do: several selections (one field, fields from three subgraphs,
 * positions), leaving at once while the access check is in flight or after the first result, and one
 * in ten on a fresh connection that is dropped without completing.
 *
 * Environment: BENCH_CYCLES (default 10000), BENCH_CONNECTIONS (long-lived sockets, default 20), NATS_URL.
 */
import { getHeapSnapshot, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { addOrder, position } from '../../gateway/src/subscriptions/testing/shop';
import { BenchOrderScreenDocument, BenchOrderStatusDocument } from '../../clients/simulator/__generated__/graphql';
import { FollowCourierDocument } from '../../clients/customer-app/__generated__/graphql';
import { operationBody } from '../../clients/persisted';
import { connectClient, eventually, follow, type Recorder, type TestClient } from '../../gateway/src/subscriptions/testing/client';
import { intEnv } from './harness';
import type { BenchArgs } from './index';
import { startBenchShop } from './shop';

const BLOCK = 1_000;
/**
 * Flat: no kind of object grows by more than one per 100 cycles between the end of the warm-up and the
 * end. Anything a subscription left behind would grow by one (or more) per cycle.
 */
const LEAK_PER_CYCLE = 1 / 100;

/** Three live selections of different weight: a status alone, a tracking screen's order, the courier's position. */
const SELECTIONS = [BenchOrderStatusDocument, BenchOrderScreenDocument, FollowCourierDocument].map(operationBody);

/** `global.gc`, switched on at run time so the bench needs no extra node flag. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    // Twice: the first pass can leave weakly held objects that only the second one frees.
    gc();
    gc();
  };
}

/**
 * Live JavaScript objects and closures on the heap by constructor, from a heap snapshot. Left out:
 * strings, numbers and V8's own arrays (V8 grows its number-to-string and code caches by itself), and
 * objects held only by an allocation site (templates the optimising compiler keeps for object
 * literals, which appear as more code gets optimised). Anything the gateway kept per subscription is
 * an object held by another object, so it is counted.
 */
async function countObjects(): Promise<Map<string, number>> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
    nodes: number[];
    edges: number[];
    strings: string[];
  };
  const { meta } = snapshot.snapshot;
  const [nodeSize, edgeSize] = [meta.node_fields.length, meta.edge_fields.length];
  const [typeAt, nameAt, edgeCountAt] = ['type', 'name', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number];
  const [edgeTypeAt, toNodeAt] = ['type', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number];
  const weak = meta.edge_types[0].indexOf('weak');
  const { nodes, edges, strings } = snapshot;
  const nameOf = (node: number) => strings[nodes[node + nameAt]!]!;

  // Which nodes something other than an allocation site holds strongly.
  const held = new Uint8Array(nodes.length / nodeSize);
  for (let node = 0, edge = 0; node < nodes.length; node += nodeSize) {
    const end = edge + nodes[node + edgeCountAt]! * edgeSize;
    const bySite = nameOf(node) === 'system / AllocationSite';
    for (; edge < end; edge += edgeSize) {
      if (!bySite && edges[edge + edgeTypeAt] !== weak) held[edges[edge + toNodeAt]! / nodeSize] = 1;
    }
  }
  const counts = new Map<string, number>();
  for (let node = 0; node < nodes.length; node += nodeSize) {
    const type = meta.node_types[0][nodes[node + typeAt]!];
    if ((type !== 'object' && type !== 'closure') || !held[node / nodeSize]) continue;
    const name = `${type === 'closure' ? 'closure ' : ''}${nameOf(node)}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function grown(before: Map<string, number>, after: Map<string, number>) {
  return [...after]
    .map(([name, count]) => ({ name, grew: count - (before.get(name) ?? 0) }))
    .filter((g) => g.grew > 0)
    .sort((a, b) => b.grew - a.grew);
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export async function run(args: BenchArgs): Promise<void> {
  const cycles = intEnv('BENCH_CYCLES', 10_000);
  const connections = intEnv('BENCH_CONNECTIONS', 20);
  const blocks = Math.ceil(cycles / BLOCK);
  const orders = 50;
  const gc = collector();
  console.log(`\nsubscription-churn: ${cycles} subscribe/unsubscribe cycles over ${connections} connections (+1 in 10 on a dropped connection), positions at ${args.rate}/s on ${orders} orders`);

  const backend = await startBenchShop('bench-churn');
  const { shop } = backend;
  for (let i = 0; i < orders; i += 1) addOrder(shop, { id: `ord_${i}`, customerId: 'cus_churn', courierId: 'cou_kim', status: 'IN_TRANSIT' });
  // One token stands for every client here, so its per-user rate budget is lifted.
  const gw = await shop.startGateway({ LOG_LEVEL: 'warn', SUPERGRAPH_WATCH: 'false', SUBSCRIPTIONS_MAX_PER_CONNECTION: '100', RATE_LIMIT_USER: '100000000' });
  const token = await shop.token({ sub: 'cus_churn', role: 'customer' });

  // Positions keep flowing, so subscriptions leave while events are being fanned out to them.
  // They pause while memory is sampled, so no event is half-way through the gateway at that moment.
  let published = 0;
  let publisher: NodeJS.Timeout | undefined;
  const publish = (on: boolean) => {
    clearInterval(publisher);
    if (!on) return;
    publisher = setInterval(() => {
      for (let i = 0; i < Math.max(1, Math.round(args.rate / 20)); i += 1) shop.publishPosition(position(`ord_${published++ % orders}`, published));
    }, 50);
  };

  const clients: TestClient[] = [];
  const samples: { cycles: number; heap: number }[] = [];
  let received = 0;
  let refused = 0;
  try {
    // What the gateway still holds, as its health endpoint reports it (sockets included).
    const held = async () => {
      const { live } = (await (await fetch(gw.url.replace(/\/graphql$/, '/health'))).json()) as { live: Record<string, number> };
      const holding = ['connections', 'subscriptions', 'topics', 'groups', 'payloadPlans', 'readsInFlight', 'natsSubscriptions', 'natsRefs', 'pendingEvents'].filter((k) => live[k] !== 0);
      return holding.map((k) => `${k} ${live[k]}`).join(', ');
    };
    const releasedWithin = async (ms: number) => {
      await eventually(async () => (await held()) === '', ms, 'everything released').catch(async (error: Error) => {
        throw new Error(`${error.message}; still holding ${await held()}`);
      });
    };
    let warmedUp = new Map<string, number>();
    let finished = new Map<string, number>();
    const sampleNow = async (done: number) => {
      publish(false);
      await new Promise((r) => setTimeout(r, 250));
      // Two records that are not the gateway's memory: the test shop's log of every subgraph call, and
      // Node's buffer of fetch timings (it keeps the latest 250, so it fills during the first blocks).
      shop.resetCalls();
      performance.clearResourceTimings();
      gc();
      const m = process.memoryUsage();
      if (done === Math.min(BLOCK, cycles)) warmedUp = await countObjects();
      else if (done === cycles) finished = await countObjects();
      publish(true);
      samples.push({ cycles: done, heap: m.heapUsed });
      const first = samples[1] ?? samples[0]!;
      console.log(`  ${String(done).padStart(6)} cycles  heap ${mb(m.heapUsed).padStart(6)} MB  rss ${mb(m.rss).padStart(6)} MB  external ${mb(m.external + m.arrayBuffers).padStart(5)} MB  (heap ${m.heapUsed >= first.heap ? '+' : ''}${((m.heapUsed - first.heap) / 1024).toFixed(0)} KB since warm-up)`);
    };

    await sampleNow(0);
    const started = Date.now();
    let done = 0;
    for (let block = 0; block < blocks; block += 1) {
      const long = Array.from({ length: connections }, () => connectClient(gw.wsUrl, token));
      clients.push(...long);
      const size = Math.min(BLOCK, cycles - done);
      // Waves of 100 at a time: enough to overlap access checks, fan-out and leaving.
      for (let wave = 0; wave < size; wave += 100) {
        const feeds: { recorder: Recorder; dropped?: TestClient }[] = [];
        for (let i = wave; i < Math.min(size, wave + 100); i += 1) {
          const variables = { orderId: `ord_${(done + i) % orders}` };
          const query = SELECTIONS[i % SELECTIONS.length]!;
          if (i % 10 === 9) {
            const dropped = connectClient(gw.wsUrl, token);
            feeds.push({ recorder: follow(dropped, query, variables), dropped });
          } else {
            feeds.push({ recorder: follow(long[i % connections]!, query, variables) });
          }
        }
        // Some leave at once (their access check may still be in flight), the rest after their first result.
        await Promise.all(feeds.filter((_, i) => i % 4 !== 0).map((f) => f.recorder.count(1, 30_000)));
        for (const f of feeds) {
          received += f.recorder.results.length;
          if (f.recorder.error) refused += 1;
          if (f.dropped) f.dropped.terminate();
          else f.recorder.unsubscribe();
        }
      }
      done += size;
      await Promise.all(long.map((c) => c.dispose()));
      clients.length = 0;
      await releasedWithin(30_000);
      await sampleNow(done);
    }
    const seconds = (Date.now() - started) / 1000;

    // The first 1,000 warm caches, query plans and JIT; from there on nothing may pile up.
    const measured = samples.slice(1);
    const span = measured.length > 1 ? measured.at(-1)!.cycles - measured[0]!.cycles : 0;
    const growth = span ? measured.at(-1)!.heap - measured[0]!.heap : NaN;
    const growers = span ? grown(warmedUp, finished) : [];
    const worst = growers[0];
    const flat = span > 0 && (worst?.grew ?? 0) <= span * LEAK_PER_CYCLE;
    console.log(
      [
        `  cycles         ${done} in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)}/s), ${received} results received, ${refused} refused, ${published} positions published`,
        `  released       after every 1,000: 0 subscriptions, topics, groups, payload plans, reads, NATS subscriptions, pending events and connections`,
        `  heap growth    ${(growth / 1024).toFixed(0)} KB over the last ${span} cycles (${(growth / span).toFixed(0)} bytes a cycle, after a full GC; V8's own caches included)`,
        `  objects grown  ${growers.slice(0, 5).map((g) => `${g.name} +${g.grew}`).join(', ') || 'none'} (live objects by constructor, heap snapshots after warm-up and at the end)`,
        `  target         memory flat (no kind of object grows by more than 1 per ${1 / LEAK_PER_CYCLE} cycles): ${flat && refused === 0 ? 'MET' : 'MISSED'}`,
      ].join('\n'),
    );
  } finally {
    publish(false);
    await Promise.all(clients.map((c) => c.dispose()));
    await gw.stop();
    await backend.stop();
  }
}
