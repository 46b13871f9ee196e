/**
 * Logs you can follow: a request id the client sends is on the gateway's access line (with the trace
 * id slot, operation, client, status and duration) and on the access line of every subgraph the
 * request reached — and the lines of the events it caused carry it too.
 */
import { Writable } from 'node:stream';
import { until } from '@qc/shared/testing';
import { signDevToken } from '../gateway/src/auth';
import { loadShop, placeShopOrder, SHOP_CUSTOMER } from './support/shop';
import { E2E_JWT_SECRET, startSupergraph, type RunningSupergraph } from './support/supergraph';

type Line = Record<string, unknown> & { service?: string; msg?: string; requestId?: string };
const lines: Line[] = [];
/** The lines as written: JSON.parse would hide a key written twice. */
const raw: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (!text) continue;
      raw.push(text);
      lines.push(JSON.parse(text) as Line);
    }
    done();
  },
});

let graph: RunningSupergraph;
let token: string;

beforeAll(async () => {
  graph = await startSupergraph({ workers: true, fixture: loadShop, logs: sink });
  token = await signDevToken(E2E_JWT_SECRET, { sub: SHOP_CUSTOMER, role: 'customer' });
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

describe('request ids in the logs', () => {
  it("when a client sends x-request-id, then the gateway's access line and the subgraphs' lines carry it", async () => {
    const requestId = `client-${Date.now()}`;
    await placeShopOrder(graph.gatewayUrl, token, 'obs-logs-1', { 'x-request-id': requestId, 'apollographql-client-name': 'customer-app' });

    const gateway = await until(() => lines.find((l) => l.service === 'gateway' && l.msg === 'request' && l.requestId === requestId), 'the gateway access line');
    expect(gateway).toMatchObject({ level: 30, operation: 'PlaceOrder', client: 'customer-app', status: 200, method: 'POST', path: '/graphql' });
    expect(typeof gateway.durationMs).toBe('number');

    const orders = await until(() => lines.find((l) => l.service === 'orders' && l.msg === 'request' && l.requestId === requestId), 'the orders access line');
    expect(orders).toMatchObject({ status: 200, client: 'customer-app', operation: expect.stringMatching(/^PlaceOrder__orders__\d+$/) });
    // Orders called availability to reserve the stock, passing the request id on.
    await until(() => lines.find((l) => l.service === 'availability' && l.msg === 'request' && l.requestId === requestId), 'the availability access line');
    // Every line of this request names it once: no logger adds the id a second time.
    const ours = raw.filter((text) => text.includes(requestId));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    expect(ours.filter((text) => text.split('"requestId":').length !== 2)).toEqual([]);
  });

  it('when a client sends a request id that is not a plain short id, then the gateway uses its own and says which', async () => {
    const res = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces <script>' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const assigned = res.headers.get('x-request-id');
    expect(assigned).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => lines.find((l) => l.service === 'gateway' && l.msg === 'request' && l.requestId === assigned), 'the access line with the assigned id');
    expect(lines.some((l) => JSON.stringify(l).includes('with spaces'))).toBe(false);
  });
});
