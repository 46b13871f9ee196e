import { connectNats, createLogger, type NatsConnection } from '@qc/shared';
import { startPrivateNats, TEST_HMAC_SECRET, type PrivateNats } from '@qc/shared/testing';
import { gatewayConfig } from './config';
import { buildGateway, type GatewayServer } from './server';

let nats: PrivateNats;
let nc: NatsConnection;
let gateway: GatewayServer;
let readyUrl: string;

beforeAll(async () => {
  nats = await startPrivateNats();
  nc = await connectNats(nats.url, 'gateway-ready-test');
  const env = { NODE_ENV: 'development', GATEWAY_HMAC_SECRET: TEST_HMAC_SECRET, SUPERGRAPH_WATCH: 'false' };
  gateway = await buildGateway(gatewayConfig(env), createLogger('gateway-ready-test', 'silent'), env, { nats: nc });
  readyUrl = `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}/ready`;
});

afterAll(async () => {
  await gateway.stop();
  await nc.close();
  await nats.stop();
});

const ready = async () => {
  const res = await fetch(readyUrl);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
};

describe('gateway readiness', () => {
  it('when NATS goes away, then /ready says 503 and names it; with NATS and the supergraph, 200', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready', service: 'gateway', checks: { supergraph: 'ok', nats: 'ok' } } });
    await nats.stop();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.checks.supergraph).toBe('ok');
    expect(down.body.checks.nats).not.toBe('ok');
  });
});
