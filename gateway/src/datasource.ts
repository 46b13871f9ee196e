import { STATUS_CODES } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, request } from 'undici';
import { CLIENT_NAME_HEADER, encodeIdentity, HEADERS, requestTarget, signEncoded, unsampledTraceparentNow, type Identity, type ServiceMetrics } from '@qc/shared';
import type { GatewayContext } from './context';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherInit = { method?: string; headers?: Record<string, string>; body?: string };

/**
 * The keep-alive connection pool the gateway's subgraph calls share: one per gateway, closed with it.
 * The data source's default fetcher (make-fetch-happen) spends more CPU per call than the subgraph's own
 * answer costs (cache-policy checks, stream wrappers); undici's `request` on kept-alive sockets does not.
 */
export const subgraphPool = (): Agent => new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });

/** A subgraph's answer, read whole (subgraph answers are JSON documents, never streams). */
class PooledResponse implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {}
  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  get statusText() {
    return STATUS_CODES[this.status] ?? '';
  }
  async text() {
    this.bodyUsed = true;
    return this.body;
  }
  async json() {
    return JSON.parse(await this.text()) as unknown;
  }
  async arrayBuffer() {
    const bytes = Buffer.from(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  clone() {
    return new PooledResponse(this.url, this.status, this.headers, this.body);
  }
}

/**
 * A `fetcher` for RemoteGraphQLDataSource on `pool`. `timeoutMs` bounds the wait for the answer's
 * headers and then for its body; past it the call fails with undici's timeout error, which the edge
 * answers as UNAVAILABLE.
 */
export function pooledFetcher(pool: Agent, timeoutMs?: number): Fetcher {
  return (async (url: string, init?: FetcherInit) => {
    const res = await request(url, {
      dispatcher: pool,
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      headers: init?.headers,
      body: init?.body,
      ...(timeoutMs ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    return new PooledResponse(url, res.statusCode, headers, await res.body.text());
  }) as Fetcher;
}

/**
 * The identity header of a caller, encoded once per identity object: a request's sixteen subgraph
 * fetches (and the requests of one cached token) share the object the token verifier returned.
 */
const encodedIdentities = new WeakMap<Identity, string>();
function encodedIdentityOf(identity: Identity | null | undefined): string {
  if (!identity) return encodeIdentity(null);
  let encoded = encodedIdentities.get(identity);
  if (encoded === undefined) {
    encoded = encodeIdentity(identity);
    encodedIdentities.set(identity, encoded);
  }
  return encoded;
}

/**
 * Calls a subgraph with the caller's verified identity and the request id, signed with the shared
 * secret. Signing happens in the fetcher because only there the exact body bytes, method and URL are known.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly observeFetch?: (outcome: 'ok' | 'error', seconds: number) => void;

  /**
   * `timeoutMs`: a subgraph that has not answered by then fails the call (answered as UNAVAILABLE).
   * `metrics`: where each fetch's duration is observed, by subgraph and outcome.
   */
  constructor(url: string, hmacSecret: string, pool: Agent, timeoutMs?: number, metrics?: ServiceMetrics, subgraph = 'unknown') {
    super({ url });
    const send = pooledFetcher(pool, timeoutMs);
    // Every call of this data source goes to `url`: its request target is the same each time.
    const target = requestTarget(url);
    this.fetcher = ((input: string, init: FetcherInit) => {
      const headers = init?.headers ?? {};
      const signed = signEncoded(
        hmacSecret,
        { method: init?.method ?? 'GET', target: input === url ? target : requestTarget(input), body: init?.body ?? '' },
        headers[HEADERS.identity] ?? '',
        headers[HEADERS.requestId] ?? '',
      );
      return send(input, { ...init, headers: { ...headers, ...signed } });
    }) as Fetcher;
    if (metrics) {
      const histogram = metrics.histogram({
        name: 'gateway_subgraph_fetch_duration_seconds',
        help: 'Subgraph fetches of the query plans, by subgraph and outcome (error: transport failure or GraphQL errors)',
        labelNames: ['subgraph', 'outcome'],
      });
      const labels = { ok: { subgraph, outcome: 'ok' }, error: { subgraph, outcome: 'error' } };
      this.observeFetch = (outcome, seconds) => histogram.observe(labels[outcome], seconds);
    }
  }

  /** Pre-planning wants the plan, not the data: nothing leaves the gateway. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    if ((options.context as Partial<GatewayContext> | undefined)?.preplan) return { data: null };
    const started = this.observeFetch ? performance.now() : 0;
    let outcome: 'ok' | 'error' = 'error';
    try {
      const response = await super.process(options);
      if (!response.errors?.length) outcome = 'ok';
      return response;
    } finally {
      this.observeFetch?.(outcome, (performance.now() - started) / 1000);
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading run without a request context.
    const ctx = context as Partial<GatewayContext>;
    request.http?.headers.set(HEADERS.identity, encodedIdentityOf(ctx.identity));
    request.http?.headers.set(HEADERS.requestId, ctx.requestId ?? 'gateway');
    // For the subgraph's request metrics and logs; not signed, and only ever a label there.
    request.http?.headers.set(CLIENT_NAME_HEADER, ctx.client ?? (ctx.external ? 'anonymous' : 'gateway'));
    // A request traced but not sampled runs outside any trace: the fetch instrumentation sends no trace
    // context, so its own (sampled flag off) goes from here, and the subgraph skips it too.
    const traceparent = unsampledTraceparentNow();
    if (traceparent) request.http?.headers.set('traceparent', traceparent);
  }
}
