/**
 * `/metrics` of every process — the gateway and the six subgraphs, with their workers running — parses
 * as the Prometheus text format, and moves: after N orders through the gateway, the request counters of
 * the gateway and orders and the consumer counters of every `orders.confirmed` durable rose by N.
 */
import parsePrometheusTextFormat, { type Family } from 'parse-prometheus-text-format';
import { SUBGRAPHS, type SubgraphName } from '@qc/shared';
import { until } from '@qc/shared/testing';
import { signDevToken } from '../gateway/src/auth';
import { loadShop, placeShopOrder, SHOP_CUSTOMER } from './support/shop';
import { E2E_JWT_SECRET, startSupergraph, type RunningSupergraph } from './support/supergraph';

const METRICS_TOKEN = 'e2e-metrics-token-0123456789';
const N = 3;

let graph: RunningSupergraph;
let token: string;

beforeAll(async () => {
  graph = await startSupergraph({ workers: true, fixture: loadShop, gatewayEnv: { METRICS_TOKEN } });
  token = await signDevToken(E2E_JWT_SECRET, { sub: SHOP_CUSTOMER, role: 'customer' });
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

type Process = SubgraphName | 'gateway';
const PROCESSES: Process[] = ['gateway', ...SUBGRAPHS.map((s) => s.name)];

interface Scrape {
  families: Family[];
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/**
 * One scrape: the families as a Prometheus text parser reads them (it throws on anything else), and
 * every sample line with its labels (the parser folds a histogram's `_count` into its buckets, labels lost).
 */
async function scrape(process: Process): Promise<Scrape> {
  const url = (process === 'gateway' ? graph.gatewayUrl : graph.subgraphUrls[process]).replace(/\/graphql$/, '/metrics');
  const res = await fetch(url, process === 'gateway' ? { headers: { authorization: `Bearer ${METRICS_TOKEN}` } } : {});
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      return { name: name!, labels: Object.fromEntries([...labels.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!])), value: Number(value) };
    });
  return { families: parsePrometheusTextFormat(text), samples };
}

/** The sum of the samples named `name` whose labels include `labels` (a histogram: its `_count`). */
function total(scraped: Scrape, name: string, labels: Record<string, string> = {}): number {
  const family = scraped.families.find((f) => f.name === name);
  const sample = family?.type === 'HISTOGRAM' ? `${name}_count` : name;
  return scraped.samples
    .filter((s) => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrapeAll(): Promise<Record<Process, Scrape>> {
  const entries = await Promise.all(PROCESSES.map(async (p) => [p, await scrape(p)] as const));
  return Object.fromEntries(entries) as Record<Process, Scrape>;
}

describe('/metrics on every process', () => {
  it('when scraped, then every process answers Prometheus text with its process metrics and its own series', async () => {
    const all = await scrapeAll();
    for (const process of PROCESSES) {
      const names = all[process].families.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['nodejs_eventloop_lag_seconds', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes', 'redis_command_duration_seconds']));
    }
    for (const { name } of SUBGRAPHS) expect(all[name].families.map((f) => f.name)).toEqual(expect.arrayContaining(['graphql_requests_total', 'db_pool_connections']));
    expect(all.gateway.families.map((f) => f.name)).toEqual(expect.arrayContaining(['gateway_live_subscriptions', 'gateway_live_connections', 'gateway_query_plan_cache_total']));
    expect(all.orders.families.map((f) => f.name)).toEqual(expect.arrayContaining(['payment_breaker_state', 'outbox_backlog', 'outbox_oldest_age_seconds']));
    expect(all.fulfillment.families.map((f) => f.name)).toEqual(expect.arrayContaining(['events_consumer_pending']));
  });

  it('when the gateway is scraped without its token, then /metrics answers 404', async () => {
    const res = await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/metrics'));
    expect(res.status).toBe(404);
  });

  it(`when ${N} orders are placed, then the request and consumer counters rose by ${N}`, async () => {
    const consumers = ['fulfillment', 'delivery', 'tracking', 'availability'] as const;
    const processed = (all: Record<Process, Scrape>, name: (typeof consumers)[number]) =>
      total(all[name], 'events_consumed_total', { durable: `${name}-orders-confirmed`, outcome: 'processed' });
    const before = await scrapeAll();
    for (let i = 0; i < N; i++) await placeShopOrder(graph.gatewayUrl, token, `obs-metrics-${i}`);

    // The consumers run after the answer: wait for proof that each processed all N, then compare exactly.
    const after = await until(async () => {
      const all = await scrapeAll();
      return consumers.every((c) => processed(all, c) >= processed(before, c) + N) ? all : undefined;
    }, 'every orders.confirmed consumer to process the orders', 60_000);

    const rose = (p: Process, name: string, labels: Record<string, string>) => total(after[p], name, labels) - total(before[p], name, labels);
    expect(rose('gateway', 'graphql_requests_total', { operation: 'PlaceOrder', client: 'anonymous', outcome: 'ok' })).toBe(N);
    expect(rose('gateway', 'graphql_request_duration_seconds', { operation: 'PlaceOrder', client: 'anonymous' })).toBe(N);
    expect(rose('orders', 'graphql_requests_total', { client: 'anonymous', outcome: 'ok' })).toBe(N);
    expect(rose('orders', 'events_published_total', { subject: 'orders.confirmed' })).toBe(N);
    for (const c of consumers) expect(processed(after, c) - processed(before, c)).toBe(N);
    expect(rose('fulfillment', 'events_consumer_processing_seconds', { durable: 'fulfillment-orders-confirmed' })).toBe(N);
    // Orders asked availability to reserve and catalog for prices: their request counters moved too.
    expect(rose('availability', 'graphql_requests_total', { client: 'service' })).toBeGreaterThanOrEqual(N);
    expect(rose('catalog', 'graphql_requests_total', { client: 'service' })).toBeGreaterThanOrEqual(N);
    expect(rose('gateway', 'gateway_subgraph_fetch_duration_seconds', { subgraph: 'orders', outcome: 'ok' })).toBe(N);
  });
});
