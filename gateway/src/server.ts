import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { subgraphUrl, type Logger, type SubgraphName } from '@qc/shared';
import { TokenVerifier } from './auth';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { SignedDataSource } from './datasource';
import { fileSupergraph } from './supergraph';

export interface GatewayServer {
  app: express.Express;
  httpServer: http.Server;
  gateway: ApolloGateway;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** Builds the gateway: JWT → identity, signed subgraph calls, Sandbox in development, health probes. */
export async function buildGateway(
  config: GatewayConfig,
  log: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GatewayServer> {
  const tokens = new TokenVerifier(config);
  const gateway = new ApolloGateway({
    supergraphSdl: fileSupergraph(config.SUPERGRAPH_PATH, config.watchSupergraph, log),
    // Subgraph URLs come from `<NAME>_URL` / `<NAME>_PORT` with local defaults, not from the committed
    // supergraph, so one file serves every environment.
    buildService: ({ name }) =>
      new SignedDataSource(subgraphUrl(name as SubgraphName, env), config.GATEWAY_HMAC_SECRET),
  });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.development,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
    logger: { debug: (m) => log.debug(m), info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
  });
  await apollo.start();

  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', (_req, res) => {
    res.json({ status: 'ready', service: 'gateway' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    (req, res, next) => {
      const incoming = req.header('x-request-id');
      res.locals.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', res.locals.requestId);
      next();
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        identity: await tokens.identify(req.headers.authorization),
        requestId: res.locals.requestId as string,
      }),
    }),
  );

  return {
    app,
    httpServer,
    gateway,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    stop: () => apollo.stop(),
  };
}
