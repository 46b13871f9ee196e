/**
 * `npm run bench -- <name> [--rate N] [--duration S] [--gateway URL]`
 * Runs against a supergraph that is already up (`npm start` in another terminal, seeded as the
 * benchmark's description says; a bench whose dataset is missing says how to load it). Every bench
 * sends with the harness's one open-loop sender, judges MET only at ≥ 95 % of its target rate, and
 * prints the CPU milliseconds per operation of every process of the stack, read from /proc.
 *
 * Figures are quoted for the production-like mode: compiled JavaScript, NODE_ENV=production, JSON logs
 * (`npm run build && npm run start:prod`, secrets set; TRUST_PROXY=loopback for the benches' senders).
 * Under `npm start` (tsx, pretty logs) every process costs more; each bench prints the mode it found
 * each process in (from /proc) and says when it is not that one.
 */
import { parseArgs } from 'node:util';
import * as availability from './availability';
import * as browse from './browse';
import * as edge from './edge';
import * as edgeWork from './edge-work';
import * as gateway from './gateway';
import * as observability from './observability';
import { DatasetMissing } from './harness';
import * as idle from './idle';
import * as orders from './orders';
import * as read from './read';
import * as search from './search';
import * as subscriptionChurn from './subscription-churn';
import * as subscriptions from './subscriptions';
import * as tracking from './tracking';

export interface BenchArgs {
  gatewayUrl: string;
  rate: number;
  duration: number;
}

const BENCHES: Record<string, { describe: string; defaultRate: number; run(args: BenchArgs): Promise<void>; startsOwnGateway?: boolean }> = {
  read: { describe: 'product(id) { name price } through the gateway (BENCH_READ=typename: { __typename }, the gateway alone)', defaultRate: 200, run: read.run },
  browse: { describe: 'catalog pages through the gateway (default data)', defaultRate: 200, run: browse.run },
  availability: { describe: 'availability by location through the gateway (seed --stores 1000 --products 5000)', defaultRate: 300, run: availability.run },
  tracking: { describe: 'courier location reports through the gateway (N = rate x 3.2 couriers); packed → offered of a small simulator run beside them (BENCH_SIM_ORDERS=0: none)', defaultRate: 2000, run: tracking.run },
  subscriptions: { describe: 'live subscriptions: K subscribers (BENCH_SUBSCRIBERS) on one gateway it starts itself, positions on NATS', defaultRate: 2000, run: subscriptions.run, startsOwnGateway: true },
  'subscription-churn': { describe: 'subscribe/unsubscribe BENCH_CYCLES times (default 10,000) on a gateway it runs itself; heap after GC every 1,000 must stay flat', defaultRate: 200, run: subscriptionChurn.run, startsOwnGateway: true },
  orders: { describe: 'placeOrder through the gateway: throughput, latency, oversold units, lost events, CPU per placed order', defaultRate: 100, run: orders.run },
  idle: { describe: "the stack with no load for --duration seconds: each process's share of a core (DEMO_CITY=off)", defaultRate: 1, run: idle.run },
  search: { describe: 'catalog search through the gateway (typos, synonyms, filters)', defaultRate: 200, run: search.run },
  edge: { describe: "the edge's added gateway CPU per request (the same mix with the edge on and off) and first-call latency of registered operations with and without pre-planning (gateways it starts itself, on the running subgraphs)", defaultRate: 200, run: edge.run, startsOwnGateway: true },
  observability: { describe: 'the CPU cost of tracing: the same mix through a whole stack it starts per mode (tracing off, 10 %, 100 % sampling, OTLP to a sink it runs); needs a seeded DATABASE_URL', defaultRate: 50, run: observability.run, startsOwnGateway: true },
  gateway: { describe: 'our gateway (every feature on) vs stock @apollo/gateway + @apollo/server, both compiled, on the running production-mode subgraphs: CPU per request and peak RSS on a 16-fetch order query (--rate) and product(id) (BENCH_READ_RATE), BENCH_ROUNDS alternating rounds; target ≤ 1.0× stock CPU', defaultRate: 20, run: gateway.run, startsOwnGateway: true },
  'edge-work': { describe: "the edge's per-request work alone, no stack (Redis only): CPU per cost estimate and per rate-limit check, over BENCH_CALLS (default 20,000) calls each", defaultRate: 1, run: edgeWork.run, startsOwnGateway: true },
};

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { rate: { type: 'string' }, duration: { type: 'string', default: '20' }, gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql' } },
  });
  const name = positionals[0];
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <name> [--rate N] [--duration S] [--gateway URL]\n\nFigures are quoted for a production-like stack: npm run build && npm run start:prod (compiled, JSON logs);\neach bench prints the mode it finds the stack's processes in.\n\nBenchmarks:\n${Object.entries(BENCHES).map(([n, b]) => `  ${n.padEnd(20)} ${b.describe}`).join('\n')}`);
    process.exit(2);
  }
  const rate = Number(values.rate ?? bench.defaultRate);
  const duration = Number(values.duration);
  if (!(rate > 0) || !(duration > 0)) {
    console.error('--rate and --duration must be positive numbers');
    process.exit(2);
  }
  if (!bench.startsOwnGateway) {
    try {
      await fetch(values.gateway.replace(/\/graphql$/, '/health'));
    } catch {
      console.error(`The gateway does not answer at ${values.gateway}. Start the supergraph first: npm start`);
      process.exit(1);
    }
  }
  try {
    await bench.run({ gatewayUrl: values.gateway, rate, duration });
  } catch (error) {
    if (!(error instanceof DatasetMissing)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

void main();
