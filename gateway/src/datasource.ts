import { STATUS_CODES } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, request as undiciRequest } from 'undici';
import { CLIENT_NAME_HEADER, encodeIdentity, requestTarget, signEncoded, unsampledTraceparentNow, type Identity, type ServiceMetrics } from '@qc/shared';
import type { GatewayContext } from './context';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
/** What a subgraph's `Cache-Control` says of its answer, for the request's cache policy. */
type CacheHint = { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' };

/**
 * The keep-alive connection pool the gateway's subgraph calls share: one per gateway, closed with it.
 * The data source's default fetcher (make-fetch-happen) spends more CPU per call than the subgraph's own
 * answer costs (cache-policy checks, stream wrappers); undici's `request` on kept-alive sockets does not.
 */
export const subgraphPool = (): Agent => new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });

/** A subgraph's answer that is not a 2xx, read whole, as `errorFromResponse` reads it. */
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

/** A header of undici's answer (names in lower case), as `Headers.get` reads it. */
function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `Cache-Control` directives, read as RemoteGraphQLDataSource reads a subgraph's (its parser is not exported). */
function cacheControlOf(header: string | undefined): Record<string, string | true> {
  const cc: Record<string, string | true> = {};
  if (!header) return cc;
  for (const part of header.trim().split(/\s*,\s*/)) {
    const [k, v] = part.split(/\s*=\s*/, 2);
    cc[k!] = v === undefined ? true : v.replace(/^"|"$/g, '');
  }
  return cc;
}

/**
 * Calls a subgraph with the caller's verified identity and the request id, signed with the shared
 * secret, on the gateway's keep-alive pool.
 *
 * `process` is RemoteGraphQLDataSource's (no APQ, no hooks: this class sets none) done in one pass:
 * the headers are one plain object from the start, signed together with the exact body bytes, sent
 * with undici's `request`, and the answer is read from undici's own header record. The library's
 * version copied the headers through two node-fetch `Headers`, built a node-fetch `Request` it only
 * hands to error hooks, and wrapped each answer in a fetch `Response` with a `Headers` of its own:
 * measured, ~18 % of the gateway's CPU on a one-fetch read went to the data source, a third of it to
 * those copies. What it answers is unchanged: a non-2xx answer fails as `errorFromResponse` words it
 * (status and body in `extensions.response`), a body that is not a JSON object fails as the library
 * fails it, and the subgraph's `Cache-Control` restricts the request's cache policy the same way.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly observeFetch?: (outcome: 'ok' | 'error', seconds: number) => void;
  /** Every call goes to `url`: its request target is the same each time. */
  private readonly target: string;
  private readonly timeouts: { headersTimeout?: number; bodyTimeout?: number };

  /**
   * `timeoutMs`: a subgraph that has not answered by then (its headers, then its body) fails the call
   * with undici's timeout error, which the edge answers as UNAVAILABLE.
   * `metrics`: where each fetch's duration is observed, by subgraph and outcome.
   */
  constructor(
    url: string,
    private readonly hmacSecret: string,
    private readonly pool: Agent,
    timeoutMs?: number,
    metrics?: ServiceMetrics,
    subgraph = 'unknown',
  ) {
    super({ url });
    this.target = requestTarget(url);
    this.timeouts = timeoutMs ? { headersTimeout: timeoutMs, bodyTimeout: timeoutMs } : {};
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
      const response = await this.send(options);
      if (!response.errors?.length) outcome = 'ok';
      return response;
    } finally {
      this.observeFetch?.(outcome, (performance.now() - started) / 1000);
    }
  }

  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const { request } = options;
    // Health checks and schema loading run without a request context.
    const ctx = options.context as Partial<GatewayContext>;
    const headers: Record<string, string> = {};
    // What the query planner adds (a trace header when usage reporting asks for one).
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    // For the subgraph's request metrics and logs; not signed, and only ever a label there.
    headers[CLIENT_NAME_HEADER] = ctx.client ?? (ctx.external ? 'anonymous' : 'gateway');
    // A request traced but not sampled runs outside any trace: the fetch instrumentation sends no trace
    // context, so its own (sampled flag off) goes from here, and the subgraph skips it too.
    const traceparent = unsampledTraceparentNow();
    if (traceparent) headers.traceparent = traceparent;
    if (!request.query) throw new Error('Missing query');
    const { http: _http, query, ...rest } = request;
    const body = JSON.stringify({ query, ...rest });
    // The identity and request id headers, the time, a nonce and the signature over them and the body.
    Object.assign(headers, signEncoded(this.hmacSecret, { method: 'POST', target: this.target, body }, encodedIdentityOf(ctx.identity), ctx.requestId ?? 'gateway'));
    const res = await undiciRequest(this.url, { dispatcher: this.pool, method: 'POST', headers, body, ...this.timeouts });
    const text = await res.body.text();
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw await this.errorFromResponse(new PooledResponse(this.url, res.statusCode, headersOf(res.headers), text));
    }
    const contentType = headerOf(res.headers, 'content-type');
    const parsed: unknown =
      contentType && (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json')) ? JSON.parse(text) : text;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    }
    const policy = ('incomingRequestContext' in options ? options.incomingRequestContext.overallCachePolicy : undefined) as
      | { restrict?: (hint: CacheHint) => void }
      | undefined;
    if (this.honorSubgraphCacheControlHeader && policy?.restrict) {
      const cc = cacheControlOf(headerOf(res.headers, 'cache-control'));
      const hint: CacheHint = { maxAge: 0 };
      const maxAge = cc['max-age'];
      if (typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge)) hint.maxAge = Number(maxAge);
      if (cc.private === true) hint.scope = 'PRIVATE';
      if (cc.public === true) hint.scope = 'PUBLIC';
      policy.restrict(hint);
    }
    return parsed as Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>;
  }
}

/** undici's header record as a fetch `Headers` (for `errorFromResponse`, on the error path only). */
function headersOf(record: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
