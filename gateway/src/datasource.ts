import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { encodeIdentity, HEADERS, requestTarget, signEncoded } from '@qc/shared';
import type { GatewayContext } from './context';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * Calls a subgraph with the caller's verified identity and the request id, signed with the shared
 * secret. Signing happens in the fetcher because only there the exact body bytes, method and URL are known.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** `timeoutMs`: a subgraph that has not answered by then fails the call (answered as UNAVAILABLE). */
  constructor(url: string, hmacSecret: string, timeoutMs?: number) {
    super({ url });
    const send: Fetcher = this.fetcher;
    this.fetcher = ((input: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeout?: number }) => {
      const headers = { ...(init?.headers ?? {}) };
      const signed = signEncoded(
        hmacSecret,
        { method: init?.method ?? 'GET', target: requestTarget(input), body: init?.body ?? '' },
        headers[HEADERS.identity] ?? '',
        headers[HEADERS.requestId] ?? '',
      );
      return send(input, { ...init, headers: { ...headers, ...signed }, ...(timeoutMs ? { timeout: timeoutMs } : {}) });
    }) as Fetcher;
  }

  /** Pre-planning wants the plan, not the data: nothing leaves the gateway. */
  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    if ((options.context as Partial<GatewayContext> | undefined)?.preplan) return Promise.resolve({ data: null });
    return super.process(options);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading run without a request context.
    const ctx = context as Partial<GatewayContext>;
    request.http?.headers.set(HEADERS.identity, encodeIdentity(ctx.identity ?? null));
    request.http?.headers.set(HEADERS.requestId, ctx.requestId ?? 'gateway');
  }
}
