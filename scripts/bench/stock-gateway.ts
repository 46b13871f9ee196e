/**
 * The stock gateway `npm run bench -- gateway` compares ours with: `@apollo/gateway` + `@apollo/server`
 * (standalone), nothing else — no auth, limits, rate limits, metrics, logs, subscriptions. The one
 * addition is what our subgraphs require to answer at all: each subgraph call carries the caller's
 * identity (taken verbatim from the client's `x-qc-identity` header: the stock gateway verifies no
 * token) and is HMAC-signed as the subgraphs verify it. The signing is written out here rather than
 * imported from @qc/shared, whose index would load Postgres, Redis, NATS and OpenTelemetry clients into
 * this process and inflate its memory. Subgraph URLs: `<NAME>_URL`, else `<NAME>_PORT`, else the
 * supergraph file's, as our gateway finds them. Env: SUPERGRAPH_PATH, GATEWAY_PORT, GATEWAY_HMAC_SECRET.
 * Run compiled (the bench transpiles it into dist/) with the same node flags as our gateway.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { subgraphEndpoint } from '../../gateway/src/supergraph';

interface StockContext {
  identity: string;
  requestId: string;
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** The subgraphs' signature (packages/shared/src/identity.ts, `computeSignature`, v2). */
function signature(secret: string, method: string, target: string, timestamp: string, nonce: string, requestId: string, identity: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(['v2', method.toUpperCase(), target, timestamp, nonce, requestId, identity, bodyHash].join('\n')).digest('hex');
}

class SigningDataSource extends RemoteGraphQLDataSource<StockContext> {
  constructor(url: string, secret: string) {
    super({ url });
    const { pathname, search } = new URL(url);
    const target = `${pathname}${search}`;
    const send = this.fetcher;
    this.fetcher = ((input: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => {
      const headers = { ...init.headers };
      const identity = headers['x-qc-identity'] ?? '';
      const requestId = headers['x-request-id'] ?? 'stock';
      const timestamp = String(Date.now());
      const nonce = randomBytes(12).toString('hex');
      headers['x-qc-timestamp'] = timestamp;
      headers['x-qc-nonce'] = nonce;
      headers['x-qc-signature'] = signature(secret, init.method ?? 'POST', target, timestamp, nonce, requestId, identity, init.body ?? '');
      return send(input, { ...init, headers });
    }) as Fetcher;
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<StockContext>['willSendRequest']>>[0]): void {
    request.http?.headers.set('x-qc-identity', context.identity ?? '');
    request.http?.headers.set('x-request-id', context.requestId ?? 'stock');
  }
}

async function main() {
  const secret = process.env.GATEWAY_HMAC_SECRET;
  const path = process.env.SUPERGRAPH_PATH;
  if (!secret || !path) throw new Error('GATEWAY_HMAC_SECRET and SUPERGRAPH_PATH must be set');
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(path, 'utf8'),
    buildService: ({ name, url }) => new SigningDataSource(subgraphEndpoint(name, url, process.env), secret),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.GATEWAY_PORT ?? 0), host: '127.0.0.1' },
    context: async ({ req }) => ({ identity: String(req.headers['x-qc-identity'] ?? ''), requestId: randomUUID() }),
  });
  console.log(`stock gateway ready at ${url}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop).on('SIGINT', stop);
}

void main();
