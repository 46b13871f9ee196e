import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration } from 'prom-client';

/**
 * The event-loop delay monitor (prom-client's, every 10 ms) records from its second tick on, and ticks
 * at most once per turn of the loop. So the first scrape waits this many turns of at least 11 ms each
 * (the monitor is due in every one of them): samples are there however late a loaded machine runs
 * timers. A single 50 ms timer was not enough: on a busy CI machine both timers came due in one turn,
 * the monitor had ticked once, and the scrape reported an empty histogram's 2^63 ns as the minimum lag.
 */
const FIRST_SAMPLE_TURNS = 4;
const TURN_MS = 11;

/** Request and fetch durations: from a cached read (ms) to a slow placement (seconds). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Redis answers in well under a millisecond on a healthy network. */
const FAST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];
/** An event's journey and a courier's assignment take seconds to minutes. */
export const SLOW_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * Label values that come from outside (operation names, clients, Redis commands) would let a caller
 * grow the registry without bound: the first `limit` distinct values get their own series, later ones
 * share `(other)`, and what is not a plain name is `(invalid)`.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(private readonly limit: number) {}

  of(value: string | null | undefined, missing = '(none)'): string {
    if (!value) return missing;
    if (this.seen.has(value)) return value;
    if (value.length > 64 || !/^[\w.:-]+$/.test(value)) return '(invalid)';
    if (this.seen.size >= this.limit) return '(other)';
    this.seen.add(value);
    return value;
  }
}

/**
 * The metrics of one service (a process in a deployment; one of several in the end-to-end harness): a
 * registry of its own, and each metric created once however many components ask for it.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly metrics = new Map<string, Counter | Gauge | Histogram>();
  private readonly sources = new Map<string, Map<string, (gauge: Gauge) => unknown>>();
  private defaults?: Promise<void>;

  counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
    return this.once(config.name, () => new Counter({ ...config, registers: [this.registry] })) as Counter<L>;
  }

  gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
    return this.once(config.name, () => new Gauge({ ...config, registers: [this.registry] })) as Gauge<L>;
  }

  histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
    return this.once(config.name, () => new Histogram({ buckets: DURATION_BUCKETS, ...config, registers: [this.registry] })) as Histogram<L>;
  }

  /**
   * A gauge read at scrape time from several sources (each consumer, each relay …), every source setting
   * its own label values; a source that fails or is removed leaves no stale series behind.
   * Returns a function that removes the source.
   */
  sampled<L extends string>(config: { name: string; help: string; labelNames: readonly L[] }, key: string, read: (gauge: Gauge<L>) => unknown): () => void {
    let sources = this.sources.get(config.name);
    if (!sources) {
      const all = new Map<string, (gauge: Gauge) => unknown>();
      sources = all;
      this.sources.set(config.name, all);
      this.gauge({
        ...config,
        async collect() {
          this.reset();
          await Promise.all([...all.values()].map(async (source) => source(this as Gauge)).map((p) => p.catch(() => undefined)));
        },
      });
    }
    sources.set(key, read as (gauge: Gauge) => unknown);
    return () => sources.delete(key);
  }

  /**
   * Adds the process's own metrics (event-loop lag, heap, GC, CPU, handles); once per registry. Resolves
   * once they hold something to report: the event-loop delay is sampled by a 10 ms timer, so the first
   * call waits for a few samples (see FIRST_SAMPLE_TURNS).
   */
  async withProcessMetrics(): Promise<this> {
    if (!this.defaults) {
      collectDefaultMetrics({ register: this.registry });
      this.defaults = (async () => {
        for (let turn = 0; turn < FIRST_SAMPLE_TURNS; turn += 1) await new Promise((resolve) => setTimeout(resolve, TURN_MS));
      })();
    }
    await this.defaults;
    return this;
  }

  private once(name: string, create: () => Counter | Gauge | Histogram) {
    let metric = this.metrics.get(name);
    if (!metric) {
      metric = create();
      this.metrics.set(name, metric);
    }
    return metric;
  }
}

/**
 * `GET /metrics` in the Prometheus text format. With `token`, the scraper must send
 * `Authorization: Bearer <token>` (Prometheus' `authorization` scrape setting); a wrong one gets 404, as
 * if there were nothing here.
 */
export function metricsRoute(metrics: ServiceMetrics, token?: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // Started by the first scrape, not at start-up: the event-loop delay monitor wakes the process every
    // 10 ms (about a third of an idle process's CPU here), which a process nobody scrapes need not pay.
    await metrics.withProcessMetrics();
    res.setHeader('content-type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  };
}

/**
 * Requests by operation name and client: a counter (rate and errors) and a duration histogram.
 * `clientOf` names the caller (the gateway's resolved client, a subgraph's calling gateway).
 */
export function requestMetricsPlugin<TContext extends BaseContext>(
  metrics: ServiceMetrics,
  clientOf: (request: GraphQLRequestContext<TContext>) => string | undefined,
  skip: (request: GraphQLRequestContext<TContext>) => boolean = () => false,
): ApolloServerPlugin<TContext> {
  const requests = metrics.counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations answered, by operation name, client and outcome (ok: no errors; error: any error in the answer)',
    labelNames: ['operation', 'client', 'outcome'],
  });
  const duration = metrics.histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from the request reaching the GraphQL server to its answer being ready, by operation name and client',
    labelNames: ['operation', 'client'],
  });
  const operations = new BoundedLabel(200);
  const clients = new BoundedLabel(100);
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc: GraphQLRequestContextWillSendResponse<TContext>) {
          if (skip(rc)) return;
          const operation = operations.of(rc.operationName ?? rc.request.operationName, '(anonymous)');
          const client = clients.of(clientOf(rc), '(unknown)');
          const body = rc.response.body;
          const failed = Boolean(rc.errors?.length) || (body.kind === 'single' && Boolean(body.singleResult.errors?.length));
          requests.inc({ operation, client, outcome: failed ? 'error' : 'ok' });
          duration.observe({ operation, client }, Number(process.hrtime.bigint() - started) / 1e9);
        },
      };
    },
  };
}

const observed = new WeakSet<object>();

/** The knex pool's connections in use, idle and awaited, read at each scrape. */
export function observePool(metrics: ServiceMetrics, db: Knex): void {
  if (observed.has(db)) return;
  observed.add(db);
  metrics.gauge({
    name: 'db_pool_connections',
    help: 'Postgres pool connections by state: used, free, pending (callers waiting for one)',
    labelNames: ['state'],
    collect() {
      const pool = (db.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
      if (!pool) return;
      this.set({ state: 'used' }, pool.numUsed());
      this.set({ state: 'free' }, pool.numFree());
      this.set({ state: 'pending' }, pool.numPendingAcquires());
    },
  });
}

/**
 * Redis command latency by command, measured around ioredis' `sendCommand` of this one client (ioredis
 * has no command hook; patching the instance leaves every other client alone).
 */
export function observeRedis(metrics: ServiceMetrics, redis: Redis): void {
  if (observed.has(redis)) return;
  observed.add(redis);
  const latency = metrics.histogram({
    name: 'redis_command_duration_seconds',
    help: 'Redis command round trips by command (failed ones included)',
    labelNames: ['command'],
    buckets: FAST_BUCKETS,
  });
  const commands = new BoundedLabel(100);
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: Parameters<Redis['sendCommand']>[0], stream?: Parameters<Redis['sendCommand']>[1]) => {
    const end = latency.startTimer({ command: commands.of(command.name) });
    command.promise.then(
      () => end(),
      () => end(),
    );
    return send(command, stream);
  }) as Redis['sendCommand'];
}
