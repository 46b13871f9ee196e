import type http from 'node:http';
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ErrorCode, findInputProblems, fragmentsOf, inputError, type Identity, type Logger } from '@qc/shared';
import type { TokenVerifier, VerifiedToken } from '../auth';
import type { LiveSubscription } from './delivery';
import type { SubscriptionEngine } from './engine';

/** Error code for a subscribe beyond the per-connection limit. */
export const TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS';

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  /** Same path as queries: `ws://host:4000/graphql`. */
  path: string;
  engine: SubscriptionEngine;
  tokens: Pick<TokenVerifier, 'verify'>;
  log: Logger;
  maxPerConnection: number;
  /** Ping interval; a socket that has not answered the previous ping by then is terminated. 0: off. */
  keepAliveMs: number;
  production: boolean;
}

/** What the gateway knows about one WebSocket connection. */
interface ConnectionState {
  identity: Identity | null;
  subscriptions: Set<LiveSubscription>;
  expiry?: NodeJS.Timeout;
}

interface LiveContext {
  live: LiveSubscription;
}

/** Distinct subscription documents kept parsed and validated (clients of one app send the same few texts). */
const DOCUMENT_CACHE_SIZE = 500;
/** Largest incoming message: subscribe payloads are small documents. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The bearer token from `connection_init` (`authorization`/`Authorization` or `token`), else the upgrade request. */
export function authorizationFrom(params: Readonly<Record<string, unknown>> | undefined, request: http.IncomingMessage): string | undefined {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header === 'string') return header;
  if (typeof params?.token === 'string') return `Bearer ${params.token}`;
  return request.headers.authorization;
}

/**
 * graphql-ws on the gateway's own HTTP server and path. Queries and mutations stay on HTTP (where the
 * gateway's HTTP protections live); the socket carries subscriptions, which the engine serves.
 */
export function serveSubscriptions(opts: SubscriptionServerOptions): { dispose(): Promise<void>; connections(): number } {
  const wss = new WebSocketServer({ server: opts.httpServer, path: opts.path, maxPayload: MAX_MESSAGE_BYTES });
  const states = new Set<ConnectionState>();
  const documents = new DocumentCache(DOCUMENT_CACHE_SIZE);

  const server = useServer<Record<string, unknown>, { state: ConnectionState }>(
    {
      isProd: opts.production,
      onConnect: async (ctx) => {
        const state: ConnectionState = { identity: null, subscriptions: new Set() };
        const authorization = authorizationFrom(ctx.connectionParams, ctx.extra.request);
        let token: VerifiedToken | null;
        try {
          token = await opts.tokens.verify(authorization);
        } catch (error) {
          // graphql-ws closes with 4403 Forbidden when onConnect refuses; closing first keeps our reason.
          ctx.extra.socket.close(CloseCode.Forbidden, reasonOf(error));
          return false;
        }
        state.identity = token?.identity ?? null;
        if (token) {
          // Every token expires (the verifier requires `exp`) within JWT_MAX_LIFETIME_SECONDS, at most
          // 7 days, well inside setTimeout's ~24.8-day ceiling: every signed-in socket is cut at expiry.
          // Not unref'd: Node frees an unref'd timer's per-duration list only when that duration comes
          // round, so every connection would leave one behind until its token's expiry (the churn bench
          // saw them pile up). The socket keeps the process up anyway, and close clears the timer.
          const left = Math.max(0, token.expiresAt - Date.now());
          state.expiry = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Token has expired'), left);
        }
        ctx.extra.state = state;
        states.add(state);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const state = ctx.extra.state;
        if (!state) return [new GraphQLError('Connection is not initialised')];
        if (Object.keys(ctx.subscriptions).length > opts.maxPerConnection) {
          return [new GraphQLError(`At most ${opts.maxPerConnection} subscriptions per connection; complete one first`, { extensions: { code: TOO_MANY_SUBSCRIPTIONS } })];
        }
        const schema = opts.engine.currentSchema;
        if (!schema) return [new GraphQLError('The schema is not loaded yet; try again', { extensions: { code: ErrorCode.UNAVAILABLE } })];
        const checked = documents.check(schema, payload.query);
        if ('errors' in checked) return [...checked.errors];
        const { document } = checked;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('Unable to identify the operation: name it with operationName')];
        if (operation.operation !== 'subscription') {
          return [new GraphQLError('Queries and mutations are served over HTTP POST at this URL; the WebSocket carries subscriptions', { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
        }
        const problems = findInputProblems(schema, operation, fragmentsOf(document), payload.variables ?? {});
        if (problems.length) return [inputError(problems)];
        const live = await opts.engine.subscribe({
          document,
          operation,
          variables: payload.variables ?? {},
          identity: state.identity,
          connection: { close: (code, reason) => ctx.extra.socket.close(code, reason) },
        });
        if (Array.isArray(live)) return live;
        state.subscriptions.add(live);
        const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue: { live } satisfies LiveContext };
        return args;
      },
      subscribe: (args) => (args.contextValue as LiveContext).live,
      onComplete: (ctx) => forgetEnded(ctx.extra.state),
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        clearTimeout(state.expiry);
        // graphql-ws ends the streams it knows; this also ends those still being prepared.
        for (const live of state.subscriptions) live.end();
        state.subscriptions.clear();
        states.delete(state);
      },
    },
    wss,
    opts.keepAliveMs,
  );

  return {
    connections: () => states.size,
    dispose: async () => {
      for (const state of states) clearTimeout(state.expiry);
      await server.dispose();
    },
  };
}

type Checked = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/**
 * Parsed and validated documents by text, for the current schema. Thousands of screens subscribe with
 * the same text and different variables: each is parsed and validated once, and shares one AST.
 */
export class DocumentCache {
  private schema?: GraphQLSchema;
  private readonly entries = new Map<string, Checked>();

  constructor(private readonly size: number) {}

  check(schema: GraphQLSchema, query: string): Checked {
    if (schema !== this.schema) {
      this.schema = schema;
      this.entries.clear();
    }
    const cached = this.entries.get(query);
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    let checked: Checked;
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      checked = errors.length ? { errors } : { document };
    } catch (error) {
      checked = { errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
    }
    this.entries.set(query, checked);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return checked;
  }
}

function forgetEnded(state: ConnectionState | undefined) {
  if (!state) return;
  for (const live of state.subscriptions) if (live.done) state.subscriptions.delete(live);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : 'Forbidden';
  // A close reason is at most 123 bytes.
  return Buffer.byteLength(message) > 120 ? 'Forbidden' : message;
}
