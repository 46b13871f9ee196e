import type http from 'node:http';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ErrorCode, findInputProblems, fragmentsOf, inputError, type Identity, type Logger } from '@qc/shared';
import type { TokenVerifier, VerifiedToken } from '../auth';
import { tokenLimitOf } from '../edge/limits';
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
  /** The edge's bounds (size, shape, cost, rate), as HTTP requests meet them. */
  guard?: SubscriptionGuard;
  /** The callers' operation policies (gateway/src/operations), as HTTP requests meet them. */
  policy?: SubscribePolicy;
}

/**
 * Which text a subscribe runs, or why it may not run at all (e.g. a partner's free text): applied to
 * the message as it arrives, before it is parsed. `clientName` is `apollographql-client-name` from the
 * `connection_init` payload (browsers cannot set headers on a WebSocket), else from the upgrade request.
 */
export type SubscribePolicy = (subscribe: {
  identity: Identity | null;
  clientName: string | undefined;
  query: string;
  extensions: Record<string, unknown> | null | undefined;
}) => { query: string; operationName?: string } | { errors: readonly GraphQLError[] };

/** What the edge checks on a socket (gateway/src/edge): the same bounds as over HTTP. */
export interface SubscriptionGuard {
  /** Parsing bounds (tokens) and extra validation rules (depth, aliases …) for every document. */
  parseOptions?: ParseOptions;
  validationRules?: readonly ValidationRule[];
  /** Strip "Did you mean …?" from validation errors (production). */
  hideSuggestions?: boolean;
  /** After authentication: `refused` closes the socket with 1013 (try again later) and that reason. */
  admitConnection(identity: Identity | null, request: http.IncomingMessage): Promise<{ refused?: string; release?: () => void }>;
  /** Before the engine sees a subscription (no subgraph called yet): errors refuse it. */
  admitSubscription(subscription: {
    identity: Identity | null;
    request: http.IncomingMessage;
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName: string | null | undefined;
    variables: Record<string, unknown> | undefined;
  }): Promise<readonly GraphQLError[] | undefined>;
}

/** What the gateway knows about one WebSocket connection. */
interface ConnectionState {
  identity: Identity | null;
  /** `apollographql-client-name`, as the connection named itself. */
  clientName?: string;
  subscriptions: Set<LiveSubscription>;
  expiry?: NodeJS.Timeout;
  /** Gives back the connection's place under the edge's anonymous-connection cap. */
  release?: () => void;
}

interface LiveContext {
  live: LiveSubscription;
}

/** Distinct subscription documents kept parsed and validated (clients of one app send the same few texts). */
const DOCUMENT_CACHE_SIZE = 500;
/** Largest incoming message: subscribe payloads are small documents. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** WebSocket close code 1013, "try again later": graphql-ws clients reconnect with back-off. */
const CLOSE_TRY_AGAIN_LATER = 1013;

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
  const documents = new DocumentCache(DOCUMENT_CACHE_SIZE, opts.guard);

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
        const named = ctx.connectionParams?.['apollographql-client-name'] ?? ctx.extra.request.headers['apollographql-client-name'];
        if (typeof named === 'string' && named) state.clientName = named;
        if (opts.guard) {
          const admitted = await opts.guard.admitConnection(state.identity, ctx.extra.request);
          if (admitted.refused) {
            ctx.extra.socket.close(CLOSE_TRY_AGAIN_LATER, admitted.refused);
            return false;
          }
          state.release = admitted.release;
        }
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
        let { query, operationName } = payload;
        if (opts.policy) {
          // graphql-ws requires a string `query`: a subscribe by id sends an empty one.
          const admitted = opts.policy({ identity: state.identity, clientName: state.clientName, query, extensions: payload.extensions });
          if ('errors' in admitted) return [...admitted.errors];
          query = admitted.query;
          operationName ??= admitted.operationName;
        }
        const checked = documents.check(schema, query);
        if ('errors' in checked) return [...checked.errors];
        const { document } = checked;
        const operation = getOperationAST(document, operationName);
        if (!operation) return [new GraphQLError('Unable to identify the operation: name it with operationName')];
        if (operation.operation !== 'subscription') {
          return [new GraphQLError('Queries and mutations are served over HTTP POST at this URL; the WebSocket carries subscriptions', { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
        }
        const problems = findInputProblems(schema, operation, fragmentsOf(document), payload.variables ?? {});
        if (problems.length) return [inputError(problems)];
        const refused = await opts.guard?.admitSubscription({
          identity: state.identity,
          request: ctx.extra.request,
          schema,
          document,
          operationName,
          variables: payload.variables ?? undefined,
        });
        if (refused?.length) return [...refused];
        const live = await opts.engine.subscribe({
          document,
          operation,
          variables: payload.variables ?? {},
          identity: state.identity,
          connection: { close: (code, reason) => ctx.extra.socket.close(code, reason) },
        });
        if (Array.isArray(live)) return live;
        state.subscriptions.add(live);
        const args: ExecutionArgs = { schema, document, operationName, variableValues: payload.variables, contextValue: { live } satisfies LiveContext };
        return args;
      },
      subscribe: (args) => (args.contextValue as LiveContext).live,
      onComplete: (ctx) => forgetEnded(ctx.extra.state),
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        clearTimeout(state.expiry);
        state.release?.();
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

  constructor(
    private readonly size: number,
    private readonly bounds: Pick<SubscriptionGuard, 'parseOptions' | 'validationRules' | 'hideSuggestions'> = {},
  ) {}

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
      const document = parse(query, this.bounds.parseOptions);
      const rules = this.bounds.validationRules?.length ? [...specifiedRules, ...this.bounds.validationRules] : specifiedRules;
      const errors = validate(schema, document, rules).map((e) => this.withoutSuggestions(e));
      checked = errors.length ? { errors } : { document };
    } catch (error) {
      checked = { errors: [error instanceof GraphQLError ? bounded(error) : new GraphQLError(String(error))] };
    }
    this.entries.set(query, checked);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return checked;
  }

  private withoutSuggestions(error: GraphQLError): GraphQLError {
    if (!this.bounds.hideSuggestions || !/Did you mean/.test(error.message)) return error;
    return new GraphQLError(error.message.replace(/ ?Did you mean .+\?$/, ''), { nodes: error.nodes, extensions: error.extensions });
  }
}

/** A document over the token limit says so with the edge's code, as over HTTP. */
function bounded(error: GraphQLError): GraphQLError {
  const limit = tokenLimitOf(error);
  return limit ? new GraphQLError(limit.message, { extensions: { code: limit.code, max: limit.max } }) : error;
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
