import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { accessLog, connectNats, rememberApolloQueryHashes, createRedis, ErrorCode, EventBus, inputGuard, metricsRoute, observeRedis, requestMetricsPlugin, withTimeout, type Logger, type NatsConnection, type Redis } from '@qc/shared';
import { gatewayMetrics } from './metrics';
import { TokenVerifier } from './auth';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { SignedDataSource, subgraphPool } from './datasource';
import { graphqlHandler, inOrder, isGraphqlPath, plainDoor, type GraphqlRequest, type GraphqlResponse } from './graphql-handler';
import { createEdge } from './edge';
import { serveLivePages } from './live-pages';
import { fileSupergraph, subgraphEndpoint } from './supergraph';
import { operationsNamespace, OperationStore } from './operations/store';
import { OperationRegistry, PUBLISHED_SUBJECT } from './operations/registry';
import { operationPolicyPlugin, subscribePolicy, UnregisteredOperations } from './operations/policy';
import { Preplanner } from './operations/preplan';
import { RedisKeyValueCache } from './operations/apq-cache';
import { LIVE_FIELDS, serveSubscriptions, SubscriptionEngine, type LiveFields, type RunOperation } from './subscriptions';

export interface GatewayServer {
  app: express.Express;
  httpServer: http.Server;
  gateway: ApolloGateway;
  /** The live-subscription engine behind `ws://…/graphql` (its `stats()` show what it holds). */
  subscriptions: SubscriptionEngine;
  /** The registered operations this replica holds (reloaded when a list is published). */
  operations: OperationRegistry;
  /** Resolves when every queued pre-planning round is done. */
  preplanned(): Promise<void>;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** The live fields to serve; the platform's by default. */
  liveFields?: LiveFields;
  /** A NATS connection to use instead of connecting to NATS_URL; the caller closes it. */
  nats?: NatsConnection;
  /** A Redis client to use instead of connecting to REDIS_URL; the caller closes it. */
  redis?: Redis;
}

/** The gateway executes no subscription over HTTP: say where they are served instead of failing inside. */
const subscriptionsOverWebSocket: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws protocol) at this same URL', {
            extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          });
        }
      },
    };
  },
};


/** What the access line of a request says about its operation, filled in as Apollo answers it. */
type AccessLine = NonNullable<GatewayContext['access']>;

const accessLinePlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operationName, request }) {
        const line = contextValue.access;
        if (!line) return;
        line.operation = (operationName ?? request.operationName ?? undefined)?.slice(0, 100);
        line.client = contextValue.client;
      },
    };
  },
};

/** A readiness probe must answer even when NATS hangs (a reconnecting client queues the flush). */
const READY_TIMEOUT_MS = 1000;

/**
 * Builds the gateway: JWT → identity, signed subgraph calls, Sandbox in development, health probes,
 * and live subscriptions (graphql-ws, fed by NATS) on the same server and path.
 */
export async function buildGateway(
  config: GatewayConfig,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
  opts: GatewayOptions = {},
): Promise<GatewayServer> {
  const tokens = new TokenVerifier(config);
  const nats = opts.nats ?? (await connectNats(config.NATS_URL, 'gateway'));
  // Left alone, @apollo/gateway reports anonymous usage metrics to Apollo every hour and, to label them,
  // probes the AWS/GCP/Azure/Alibaba metadata address (169.254.169.254) as it is constructed. A
  // platform's gateway does not phone home unless its operator asks: APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  // One client for everything the gateway keeps in Redis: registered operations, the APQ store, rate limits.
  const redis = opts.redis ?? createRedis(config.REDIS_URL);
  const bus = new EventBus(nats, config.EVENTS_PREFIX, config.EVENTS_STREAM_REPLICAS);
  const { metrics } = bus;
  observeRedis(metrics, redis);
  const registry = new OperationRegistry(new OperationStore(redis, operationsNamespace(config.EVENTS_PREFIX)), log, {
    nats,
    subject: bus.liveSubject(PUBLISHED_SUBJECT),
    pollMs: config.OPERATIONS_POLL_MS,
  });
  const unregistered = new UnregisteredOperations(log);
  const pool = subgraphPool();
  const gateway = new ApolloGateway({
    supergraphSdl: fileSupergraph(config.SUPERGRAPH_PATH, config.watchSupergraph, log),
    // A subgraph's URL comes from `<NAME>_URL` / `<NAME>_PORT`, else from the supergraph file itself.
    buildService: ({ name, url }) =>
      new SignedDataSource(subgraphEndpoint(name, url, env), config.GATEWAY_HMAC_SECRET, pool, config.edge.subgraphTimeoutMs, metrics, name),
  });

  // The engine runs its fetches through Apollo Server like any request: same planner, same signing.
  const run: RunOperation = async ({ query, variables, identity, requestId }) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: { identity, requestId } });
    if (response.body.kind !== 'single') throw new Error('a live fetch answered with incremental delivery');
    return response.body.singleResult;
  };
  const engine = new SubscriptionEngine({
    fields: opts.liveFields ?? LIVE_FIELDS,
    nats,
    bus,
    run,
    log,
    maxPending: config.SUBSCRIPTIONS_MAX_PENDING,
  });
  const preplanner = new Preplanner(async (op, variables) => {
    await apollo.executeOperation(
      { query: op.body, operationName: op.name, variables },
      { contextValue: { identity: null, requestId: 'gateway:preplan', preplan: true } },
    );
  }, log);
  let apiSchema: GraphQLSchema | undefined;
  let supergraphLoaded = false;
  const stopWatchingSchema = gateway.onSchemaLoadOrUpdate((schemaContext) => {
    supergraphLoaded = true;
    apiSchema = schemaContext.apiSchema;
    engine.setSchema(schemaContext.apiSchema);
    // The gateway dropped every cached plan with the old schema: plan the registered operations again.
    if (config.preplan) void preplanner.plan(registry.all(), schemaContext.apiSchema);
  });
  const stopWatchingLists = registry.onList((_client, list) => {
    if (config.preplan && apiSchema) void preplanner.plan(list.operations, apiSchema);
  });
  await registry.start();

  const app = express();
  app.disable('x-powered-by');
  // Its request handler is added once Apollo has started: nothing listens before that.
  const httpServer = http.createServer();
  const edge = createEdge(config.edge, tokens, log, app, redis);
  const live = serveSubscriptions({
    httpServer,
    path: '/graphql',
    engine,
    tokens,
    log,
    maxPerConnection: config.SUBSCRIPTIONS_MAX_PER_CONNECTION,
    keepAliveMs: config.SUBSCRIPTIONS_KEEPALIVE_MS,
    production: !config.development,
    guard: edge.subscriptions,
    policy: subscribePolicy(config.operations, registry),
  });
  rememberApolloQueryHashes();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.development,
    // Automatic persisted queries in Redis: a hash registered through one replica is known to all.
    persistedQueries: { cache: new RedisKeyValueCache(redis, `${operationsNamespace(config.EVENTS_PREFIX)}:apq:`, config.APQ_TTL_SECONDS), ttl: config.APQ_TTL_SECONDS },
    formatError: edge.apollo.formatError,
    hideSchemaDetailsFromClientErrors: edge.apollo.hideSchemaDetailsFromClientErrors,
    validationRules: edge.apollo.validationRules,
    parseOptions: edge.apollo.parseOptions,
    // index.ts owns SIGTERM/SIGINT; Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: () => live.dispose() }) },
      operationPolicyPlugin(config.operations, registry, unregistered),
      subscriptionsOverWebSocket,
      // The subgraphs guard their own arguments; checking here too answers a literal the planner could
      // not even pass on (`lat: 1e309`) as BAD_USER_INPUT, and spares the subgraph calls.
      inputGuard<GatewayContext>(),
      ...edge.apollo.plugins,
      accessLinePlugin,
      // External requests by the client the policy resolved; the gateway's own (live fetches) as `gateway`.
      requestMetricsPlugin<GatewayContext>(
        metrics,
        (rc) => rc.contextValue.client ?? (rc.contextValue.external ? 'anonymous' : 'gateway'),
        (rc) => Boolean(rc.contextValue.preplan),
      ),
      config.development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
    logger: { debug: (m) => log.debug(m), info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
  });
  await apollo.start();
  // Listen only once the registered operations are planned: their first real call is not the slow one.
  await preplanner.idle();

  gatewayMetrics(metrics, gateway, { connections: () => live.connections(), subscriptions: () => engine.stats().subscriptions });
  if (config.METRICS_TOKEN || config.development) app.get('/metrics', metricsRoute(metrics, config.METRICS_TOKEN));
  else log.warn('GET /metrics is off: set METRICS_TOKEN to let a scraper read the gateway metrics');
  app.get('/', (_req, res) => res.redirect('/graphql'));
  if (config.livePagesDir) {
    serveLivePages(app, {
      dir: config.livePagesDir,
      devTokenSecret: config.development ? config.JWT_SECRET : undefined,
      maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
      log,
    });
  }
  app.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      service: 'gateway',
      live: { connections: live.connections(), ...engine.stats() },
      operations: { lists: registry.versions(), unregistered: unregistered.stats(), preplan: preplanner.snapshot() },
    });
  });
  // Ready only with a supergraph to plan with and a NATS that answers (subscriptions are fed from it):
  // a load balancer then sends no traffic to a gateway that would fail it.
  app.get('/ready', async (_req, res) => {
    const checks = {
      supergraph: supergraphLoaded ? 'ok' : 'no supergraph loaded yet',
      nats: nats.isClosed()
        ? 'connection closed'
        : await withTimeout(nats.flush(), READY_TIMEOUT_MS, 'nats').then(
            () => 'ok',
            (error: unknown) => (error as Error).message,
          ),
    };
    const ready = Object.values(checks).every((c) => c === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', service: 'gateway', checks });
  });
  // The access line: request id (the client's x-request-id, or a new one), trace id, operation, client,
  // status, duration; the request runs in its request scope from here on.
  const graphqlChain = inOrder<GraphqlRequest, GraphqlResponse>([
    ...accessLog(log, (_req, res) => ({ ...((res as GraphqlResponse).locals.access as AccessLine | undefined) })),
    (req, res, next) => {
      // pino-http's `req.id`, set by the access log.
      res.locals.requestId = (req as typeof req & { id?: unknown }).id;
      res.locals.access = {} satisfies AccessLine;
      next();
    },
    ...edge.beforeBody,
    // body-parser's JSON reader (what express.json is), which needs nothing of express.
    express.json({ limit: '1mb' }),
    graphqlHandler(apollo, async ({ req, res }) => ({
      identity: await (edge.identityOf(res) ?? tokens.identify(req.headers.authorization)),
      requestId: res.locals.requestId as string,
      external: true,
      access: res.locals.access as AccessLine,
    })),
  ]);
  // `/graphql` itself is served without express in front (see plainDoor); the same chain stays mounted
  // for what express also takes for it (`/graphql/`, `/GraphQL`, …) and for whoever serves `app` alone.
  app.use('/graphql', graphqlChain);
  app.use(edge.httpErrors);
  const graphqlDoor = plainDoor(graphqlChain, edge.httpErrors);
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (isGraphqlPath(req.url)) graphqlDoor(req, res);
    else app(req, res);
  });

  return {
    app,
    httpServer,
    gateway,
    subscriptions: engine,
    operations: registry,
    preplanned: () => preplanner.idle(),
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    stop: async () => {
      engine.stopAccepting();
      // Sockets close first (1001, going away): clients reconnect elsewhere and resubscribe by themselves.
      await apollo.stop();
      stopWatchingSchema();
      stopWatchingLists();
      registry.stop();
      await engine.close();
      await edge.close();
      await pool.close();
      if (!opts.nats) await nats.drain().catch(() => undefined);
      if (!opts.redis) redis.disconnect();
    },
  };
}
