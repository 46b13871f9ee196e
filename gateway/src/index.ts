// First: tracing must wrap http, express, graphql, pg and ioredis before anything loads them.
import '@qc/shared/tracing';
import { ConfigError, createLogger, exitOnCrash, flushTelemetry } from '@qc/shared';
import { gatewayConfig, type GatewayConfig } from './config';
import { buildGateway } from './server';

async function main() {
  let config: GatewayConfig;
  try {
    config = gatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`[gateway] ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger('gateway', config.LOG_LEVEL);
  exitOnCrash(log);
  const server = await buildGateway(config, log);
  const port = await server.listen(config.GATEWAY_PORT);
  log.info(
    { port, sandbox: config.development },
    `gateway ready at http://localhost:${port}/graphql${config.development ? ' (Apollo Sandbox: open it in a browser)' : ''}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await server.stop();
    await flushTelemetry();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
