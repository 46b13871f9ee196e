import { AsyncResource } from 'node:async_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { z } from 'zod';
import { answerWithApollo, sendJson } from './apollo-http';
import { rememberApolloQueryHashes } from './apollo-hash';
import { createDb, migrate, type Knex } from './db';
import { connectNats, createRedis, withTimeout, type NatsConnection, type Redis } from './connections';
import { infraEnv, loadConfig, port, ConfigError } from './config';
import { FallbackReplayStore, REPLAY_TTL_MS, REPLAYED, redisReplayStore, SignatureVerifier, type Identity, type ReplayClaim } from './identity';
import { createLogger, type Logger } from './logger';
import { SUBGRAPHS, envPrefix, type SubgraphName } from './subgraphs';
import { ErrorCode } from './errors';
import { applyPolicy, type SubgraphPolicy } from './policy';
import { inputGuard } from './input';
import { isInfrastructureError, UNAVAILABLE_MESSAGE } from './infra-errors';
import { EventBus, LIVE_SPACING_MS, EventRetention, EVENT_RETENTION_DEFAULT_HOURS, eventRetentionMigration } from './events';
import { exitOnCrash } from './crash';
import { metricsRoute, observePool, observeRedis, requestMetricsPlugin } from './telemetry/metrics';
import { accessLog, operationOnSpan } from './telemetry/access-log';
import type { SubgraphApp, SubgraphDefinition, SubgraphSettings } from './app';
import { flushTelemetry } from './telemetry/context';

/** The connections a subgraph process holds for its whole life. */
export interface SubgraphDeps {
  db: Knex;
  redis: Redis;
  nats: NatsConnection;
  log: Logger;
  /**
   * Prefix of every Redis key the subgraph writes: `<deployment>:<schema>` (see `redisNamespace`), so
   * deployments and test runs sharing one Redis never see, nor flush, each other's keys.
   */
  namespace: string;
  /** The deployment's event stream on NATS JetStream. */
  events: EventBus;
}

/** What the gateway told us about this request (verified by signature). */
export interface Caller {
  identity: Identity | null;
  requestId: string;
  /**
   * Set when the request's signature is not recorded as used yet because its one root field records
   * it in its own Redis script (`replayClaimedBy`): that field must do so before any effect, and
   * refuse with `replayRefused()` when the signature was already used.
   */
  replay?: ReplayClaim;
}

/** The answer to a request whose signature was already used, as the server gives it before running anything (401). */
export const replayRefused = (): GraphQLError =>
  new GraphQLError(`Unauthenticated: ${REPLAYED}`, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  deps: SubgraphDeps;
  hmacSecret: string;
  /** Builds the per-request context (loaders included) from the verified caller. */
  context: (caller: Caller) => TContext | Promise<TContext>;
  /**
   * Who may see what: a rule for every field of every object type, applied on every path (root,
   * nested, `_entities`). The server is not built when a field has none (see docs/authorization.md).
   */
  policy: SubgraphPolicy<TContext>;
  /**
   * Mutation fields that record the request's signature as used themselves, atomically with their own
   * Redis work (see `Caller.replay`): a request that runs one of them and nothing else saves the replay
   * check's own Redis round trip. Every other request is checked before it runs, as always.
   */
  replayClaimedBy?: readonly string[];
}

export interface SubgraphServer {
  httpServer: http.Server;
  /** Starts listening; port 0 picks a free one. Resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, lets in-flight requests finish, then stops Apollo. Connections stay open. */
  stop(): Promise<void>;
}

/** Reads a subgraph's `schema.graphql` next to its `src/`. */
export const loadTypeDefs = (subgraphDir: string): DocumentNode =>
  parse(readFileSync(`${subgraphDir}/schema.graphql`, 'utf8'));

/** The header naming the client a request came from (Apollo's own); the gateway passes on the one it resolved. */
export const CLIENT_NAME_HEADER = 'apollographql-client-name';

/**
 * Every subgraph gets the same doors: `/graphql` (gateway-signed only), `/health`, `/ready` and
 * `/metrics` (open: a subgraph is reached only from inside the deployment).
 *
 * A plain node HTTP handler in front of Apollo's `executeHTTPGraphQLRequest`, not express: four fixed
 * paths need no router, the body is read raw for the signature anyway, and express's per-request work
 * (router, request and response prototypes, an ETag hash of every answer nobody caches) was a
 * measurable share of a simple entity read.
 */
export async function createSubgraphServer<TContext extends BaseContext>(opts: SubgraphServerOptions<TContext>): Promise<SubgraphServer> {
  const { deps } = opts;
  // Its handler is added once Apollo has started: nothing listens before that.
  const httpServer = http.createServer();
  // The gateway pools connections without an idle limit; Node's 5 s default would close them under
  // its feet (ECONNRESET on the next request). Keep them longer than any sane client pool.
  httpServer.keepAliveTimeout = 75_000;
  httpServer.headersTimeout = 76_000;
  rememberApolloQueryHashes();
  const apollo = new ApolloServer<TContext>({
    schema: applyPolicy(buildSubgraphSchema({ typeDefs: opts.typeDefs, resolvers: opts.resolvers as GraphQLResolverMap<unknown> }), opts.policy),
    // runSubgraph owns SIGTERM/SIGINT; Apollo's own handler would race it and the stop never finished.
    stopOnTerminationSignals: false,
    // Inline traces are for Apollo's hosted usage reporting, which we do not use.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // No type or field declares a cache hint, so every answer was `no-store`, at the price of a hook on
      // every resolved field; the gateway reads an answer without the header as max-age 0, the same policy.
      ApolloServerPluginCacheControlDisabled(),
      inputGuard<TContext>(),
      logUnexpectedErrors<TContext>(deps.log),
      // The gateway names the client it resolved; another subgraph (ServiceClient) names none.
      requestMetricsPlugin<TContext>(deps.events.metrics, (rc) => rc.request.http?.headers.get(CLIENT_NAME_HEADER) ?? 'service'),
      operationOnSpan<TContext>(),
    ],
    // Postgres, Redis or NATS down is retryable: the gateway and its clients see UNAVAILABLE, never the
    // driver's message (addresses, SQL); logUnexpectedErrors has logged the details with the request id.
    formatError: (formatted, error) =>
      isInfrastructureError(unwrapResolverError(error))
        ? { message: UNAVAILABLE_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.UNAVAILABLE } }
        : hideInternals(formatted),
    logger: {
      debug: (m) => deps.log.debug(m),
      info: (m) => deps.log.info(m),
      warn: (m) => deps.log.warn(m),
      error: (m) => deps.log.error(m),
    },
  });
  await apollo.start();

  const { metrics } = deps.events;
  observePool(metrics, deps.db);
  observeRedis(metrics, deps.redis);
  const metricsEndpoint = metricsRoute(metrics);
  const replays = new FallbackReplayStore(redisReplayStore(deps.redis, `${deps.events.prefix}:seen-signature:`), () => deps.redis.status === 'ready', deps.log);
  const verifier = new SignatureVerifier(opts.hmacSecret, replays);
  const claimedBy = new Set(opts.replayClaimedBy ?? []);
  const soleFields = new SoleMutationFields();
  // One line per request, with the gateway's request id (signed with the request) and its client.
  const [logged] = accessLog(deps.log, (req) => ({
    operation: (req as SignedRequestIn).graphql?.operationName,
    client: req.headers[CLIENT_NAME_HEADER],
  }));

  const refuse = (req: SignedRequestIn, res: http.ServerResponse, result: { reason: string; status: 401 | 503 }) => {
    deps.log.warn({ reason: result.reason, ip: req.socket.remoteAddress }, 'refused a request not signed by the gateway');
    sendJson(res, result.status, {
      errors: [
        {
          message: `${result.status === 401 ? 'Unauthenticated' : 'Unavailable'}: ${result.reason}`,
          extensions: { code: result.status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.UNAVAILABLE },
        },
      ],
    });
  };

  const graphql = async (req: SignedRequestIn, res: http.ServerResponse, body: Buffer) => {
    const checked = verifier.check(req.headers, { method: req.method ?? 'GET', target: req.url ?? '/', body });
    if (!checked.ok) {
      refuse(req, res, checked);
      return;
    }
    let parsed: unknown;
    try {
      parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
    } catch {
      sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      return;
    }
    const soleField = claimedBy.size ? soleFields.of(parsed) : null;
    const claim = soleField !== null && claimedBy.has(soleField) ? replays.claim(checked.signature, REPLAY_TTL_MS) : null;
    if (!claim) {
      const recorded = await verifier.record(checked);
      if (!recorded.ok) {
        refuse(req, res, recorded);
        return;
      }
    }
    req.graphql = parsed as SignedRequestIn['graphql'];
    const caller: Caller = claim ? { identity: checked.identity, requestId: checked.requestId, replay: claim } : { identity: checked.identity, requestId: checked.requestId };
    await answerWithApollo(apollo, req, res, parsed, async () => opts.context(caller));
  };

  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = req.url ?? '/';
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (path === '/graphql' || path === '/graphql/') {
      // Raw bytes first: nothing of an unsigned request is parsed, and the signature covers the exact bytes.
      logged(req, res, () =>
        readBody(req, res, MAX_BODY_BYTES, (body) =>
          graphql(req, res, body).catch((error: unknown) => failed(deps.log, res, error)),
        ),
      );
    } else if (read && path === '/health') {
      sendJson(res, 200, { status: 'ok', service: opts.name });
    } else if (read && path === '/ready') {
      readiness(deps).then(
        (checks) => {
          const ready = Object.values(checks).every((c) => c === 'ok');
          sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', service: opts.name, checks });
        },
        (error: unknown) => failed(deps.log, res, error),
      );
    } else if (read && path === '/metrics') {
      metricsEndpoint(req, res).catch((error: unknown) => failed(deps.log, res, error));
    } else {
      res.statusCode = 404;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`Cannot ${req.method} ${path}`);
    }
  });

  return {
    httpServer,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    stop: () => apollo.stop(),
  };
}

/**
 * The one root field of a mutation that selects nothing else at its root (no second field, fragment or
 * directive), by the request body's query and operation name; null for anything else, a query that
 * does not parse included (Apollo answers that). Remembered per query text: the gateway sends the same
 * few.
 */
class SoleMutationFields {
  private readonly known = new Map<string, string | null>();

  of(body: unknown): string | null {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const { query, operationName } = body as { query?: unknown; operationName?: unknown };
    if (typeof query !== 'string' || (operationName !== undefined && operationName !== null && typeof operationName !== 'string')) return null;
    const key = `${operationName ?? ''}\n${query}`;
    let field = this.known.get(key);
    if (field === undefined) {
      field = soleMutationField(query, operationName ?? undefined);
      if (this.known.size >= 500) this.known.clear();
      this.known.set(key, field);
    }
    return field;
  }
}

function soleMutationField(query: string, operationName: string | undefined): string | null {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch {
    return null;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  if (operation?.operation !== 'mutation' || operation.selectionSet.selections.length !== 1) return null;
  const [selection] = operation.selectionSet.selections;
  return selection?.kind === Kind.FIELD && !selection.directives?.length ? selection.name.value : null;
}

/** A request on its way to Apollo: what the access line reads of its body once it is parsed. */
type SignedRequestIn = http.IncomingMessage & { graphql?: { operationName?: unknown } };

/** The largest request body a subgraph reads (an `_entities` batch of the biggest page is far below). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** A handler that threw (a bug): logged, and answered 500 without its text when nothing was sent yet. */
function failed(log: Logger, res: http.ServerResponse, error: unknown): void {
  log.error({ err: error }, 'request handler failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, 500, { errors: [{ message: 'Something went wrong on our side; it was logged. Please try again later.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
}

/**
 * Hands the request's exact bytes (empty when there is none) to `then`, at most `limit` of them (413
 * beyond, before parsing anything). No content-type, charset or compression handling: the gateway and
 * the service clients send plain JSON, and the signature covers the bytes as they arrive. `then` runs in
 * the async context the request arrived in (the request scope the access log opened).
 */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number, then: (body: Buffer) => unknown): void {
  const refuse = () => sendJson(res, 413, { errors: [{ message: `The request body is larger than ${limit} bytes`, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
  if (Number(req.headers['content-length']) > limit) {
    refuse();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const finish = AsyncResource.bind((error?: Error) => {
    if (settled) return;
    settled = true;
    if (error) {
      res.destroy(error);
      return;
    }
    if (size > limit) {
      refuse();
      return;
    }
    then(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    // Past the limit the rest is read and dropped, so the answer can still be sent on this connection.
    if (size <= limit) chunks.push(chunk);
  });
  req.on('end', () => finish());
  req.on('error', (error) => finish(error));
}

/** An error no rule raised on purpose (a database error, a bug): its text may hold SQL or internals. */
const isUnexpected = (formatted: GraphQLFormattedError) => (formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR') === 'INTERNAL_SERVER_ERROR';

/**
 * What the client sees of an unexpected error: that it happened, and the request id to find it in the
 * logs, never its text (a Postgres error quotes the SQL and the values). Coded errors pass unchanged.
 */
export function hideInternals(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!isUnexpected(formatted)) return formatted;
  return {
    message: 'Something went wrong on our side; it was logged. Please try again later.',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Logs the unexpected errors `hideInternals` hides from the client, with the request id. */
function logUnexpectedErrors<TContext extends BaseContext>(log: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, request }) {
          for (const error of errors) {
            const code = (error.extensions?.code as string | undefined) ?? 'INTERNAL_SERVER_ERROR';
            if (code !== 'INTERNAL_SERVER_ERROR') continue;
            log.error({ err: error.originalError ?? error, path: error.path, requestId: request.http?.headers.get('x-request-id') }, 'unexpected error');
          }
        },
      };
    },
  };
}

async function readiness(deps: SubgraphDeps): Promise<Record<'postgres' | 'redis' | 'nats', string>> {
  const check = async (what: string, probe: () => Promise<unknown>) => {
    try {
      await withTimeout(probe(), 1500, what);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    }
  };
  const [postgres, redis, nats] = await Promise.all([
    check('postgres', () => deps.db.raw('select 1')),
    check('redis', () => deps.redis.ping()),
    check('nats', () => deps.nats.flush()),
  ]);
  return { postgres, redis, nats };
}

/**
 * Environment of one subgraph: shared infrastructure plus `<NAME>_PORT`, `<NAME>_DATABASE_URL`,
 * `<NAME>_DB_SCHEMA`. Secrets are not read here (migrate and seed need none); each subgraph's `settings()` reads them.
 */
export function subgraphConfig(name: SubgraphName, env: NodeJS.ProcessEnv = process.env) {
  const prefix = envPrefix(name);
  const defaults = SUBGRAPHS.find((s) => s.name === name)!;
  const base = loadConfig(z.object(infraEnv), env);
  const own = loadConfig(
    z.object({
      [`${prefix}_PORT`]: port(defaults.port),
      [`${prefix}_DATABASE_URL`]: z.string().url().optional(),
      [`${prefix}_DB_SCHEMA`]: z.string().regex(/^[a-z_][a-z0-9_]*$/).default(name),
      /** How long published outbox rows and processed-event ids are kept (see `EventRetention`); at least an hour. */
      EVENT_RETENTION_HOURS: z.coerce.number().min(1, 'EVENT_RETENTION_HOURS must be at least 1 (a redelivery must still find its processed id)').default(EVENT_RETENTION_DEFAULT_HOURS),
    }),
    env,
  ) as Record<string, unknown>;
  return {
    ...base,
    name,
    port: own[`${prefix}_PORT`] as number,
    databaseUrl: (own[`${prefix}_DATABASE_URL`] as string | undefined) ?? base.DATABASE_URL,
    dbSchema: own[`${prefix}_DB_SCHEMA`] as string,
    eventRetentionHours: own.EVENT_RETENTION_HOURS as number,
  };
}
export type SubgraphConfig = ReturnType<typeof subgraphConfig>;


/**
 * The Redis key prefix of a subgraph in a deployment: `<REDIS_PREFIX or EVENTS_PREFIX>:<schema>`. The
 * schema alone is the same in every deployment, so two of them on one Redis would share keys (and
 * availability's start-up flush of its stock cache would empty everyone's).
 */
export const redisNamespace = (config: Pick<SubgraphConfig, 'REDIS_PREFIX' | 'EVENTS_PREFIX' | 'dbSchema'>): string =>
  `${config.REDIS_PREFIX ?? config.EVENTS_PREFIX}:${config.dbSchema}`;

export async function connectDeps(config: SubgraphConfig): Promise<SubgraphDeps> {
  const log = createLogger(config.name, config.LOG_LEVEL);
  const db = createDb({ url: config.databaseUrl, schema: config.dbSchema });
  const redis = createRedis(config.REDIS_URL);
  const nats = await connectNats(config.NATS_URL, config.name);
  const events = new EventBus(nats, config.EVENTS_PREFIX, config.EVENTS_STREAM_REPLICAS, { liveSpacingMs: LIVE_SPACING_MS });
  await events.ensureStream();
  return { db, redis, nats, log, namespace: redisNamespace(config), events };
}

/** Drains NATS and closes Redis and the pool; a drain that hangs is cut off after 5 s. */
export async function closeDeps(deps: SubgraphDeps): Promise<void> {
  try {
    deps.events.flushLive();
  } catch {
    // Live events are fire-and-forget; a connection already closed has nowhere to send them.
  }
  await Promise.allSettled([
    withTimeout(deps.nats.drain(), 5000, 'nats drain').catch(() => deps.nats.close()),
    deps.redis.quit(),
    deps.db.destroy(),
  ]);
}

/**
 * The whole life of a subgraph process: validate config, connect, migrate, create the app, serve,
 * and on SIGTERM/SIGINT stop accepting, finish in-flight requests, stop the app (workers first), then
 * close pools and drain NATS. Whatever nobody handled ends the process (`exitOnCrash`) for the
 * supervisor to restart.
 */
export async function runSubgraph<TSettings extends SubgraphSettings, TApp extends SubgraphApp>(subgraph: SubgraphDefinition<TSettings, TApp>): Promise<void> {
  let config: SubgraphConfig;
  let settings: TSettings;
  try {
    config = subgraphConfig(subgraph.name);
    settings = subgraph.settings();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[${subgraph.name}] ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  exitOnCrash(createLogger(subgraph.name, config.LOG_LEVEL));
  const deps = await connectDeps(config);
  const applied = await migrate(deps.db, config.dbSchema, subgraph.migrations);
  if (applied.length) deps.log.info({ applied }, 'migrations applied');
  const app = subgraph.createApp(deps, settings);
  const server = await subgraph.buildServer(deps, app, settings);
  await app.workers.start();
  // Every subgraph with an outbox and a ledger purges them the same way.
  const retention = subgraph.migrations.includes(eventRetentionMigration)
    ? new EventRetention(deps.db, deps.log, { windowMs: config.eventRetentionHours * 3600_000 })
    : undefined;
  retention?.start();
  const bound = await server.listen(config.port);
  deps.log.info({ port: bound, schema: config.dbSchema }, `${subgraph.name} subgraph ready at http://localhost:${bound}/graphql`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down');
    // In-flight requests get their chance, but a dependency that never lets go must not keep the
    // process alive forever (an orchestrator would SIGKILL it anyway, losing the log line).
    const deadline = setTimeout(() => {
      deps.log.error({ signal }, 'shutdown took longer than 15 s; exiting anyway');
      process.exit(1);
    }, 15_000);
    deadline.unref();
    // Finish in-flight requests first: they may still hand work to the workers (outbox, buffers).
    await server.stop();
    await retention?.stop();
    await app.stop();
    await closeDeps(deps);
    await flushTelemetry();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
