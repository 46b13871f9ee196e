/**
 * One trace from tap to doorstep: a placeOrder sent with the client's W3C `traceparent` is one trace
 * through the gateway, orders and availability (HTTP), the outbox row, the NATS publish, fulfillment's
 * consumer creating the pick task, and the push of the customer's `orderUpdated` — with an in-memory
 * exporter, everything in this one process.
 *
 * The workers start only once the customer follows the order: the events wait in the outboxes with
 * their trace context meanwhile, which is what this shows.
 */
import { spans, tracing } from './support/tracing';
import { randomBytes } from 'node:crypto';
import { asTracedClient, SpanKind, type ReadableSpan } from '@qc/shared/testing/tracing';
import { SUBGRAPHS } from '@qc/shared';
import { until } from '@qc/shared/testing';
import { signDevToken } from '../gateway/src/auth';
import { connectClient, follow, type TestClient } from '../gateway/src/subscriptions/testing/client';
import { loadShop, placeShopOrder, SHOP_CUSTOMER } from './support/shop';
import { E2E_JWT_SECRET, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
let client: TestClient | undefined;

beforeAll(async () => {
  graph = await startSupergraph({ fixture: loadShop });
}, 120_000);

afterAll(async () => {
  await client?.dispose();
  await graph?.stop();
  await tracing.shutdown();
});

const { SERVER, PRODUCER, CONSUMER } = SpanKind;
const portOf = (url: string) => Number(new URL(url).port);
/** The port an HTTP server span was served on (old and stable semantic conventions). */
const servedOn = (span: ReadableSpan) => Number(span.attributes['server.port'] ?? span.attributes['net.host.port']);

describe('one placeOrder is one trace', () => {
  it("when a client sends a traceparent, then the gateway, orders, availability, the NATS publish, fulfillment's consumer and the subscription push share its trace", async () => {
    const token = await signDevToken(E2E_JWT_SECRET, { sub: SHOP_CUSTOMER, role: 'customer' });
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const orderId = await asTracedClient(traceparent, () => placeShopOrder(graph.gatewayUrl, token, 'obs-trace-1'));

    client = connectClient(graph.gatewayUrl.replace(/^http/, 'ws'), token);
    const feed = follow(client, 'subscription F($orderId: ID!) { orderUpdated(orderId: $orderId) { id status } }', { orderId });
    await feed.count(1);
    // In SUBGRAPHS order, as the harness does; graph.stop() stops them.
    for (const { name } of SUBGRAPHS) await graph.subgraphs[name].app.workers.start();

    const inTrace = () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const found = {
      push: (s: ReadableSpan) => s.name === 'push orderUpdated',
      fulfillment: (s: ReadableSpan) => s.kind === CONSUMER && s.attributes['messaging.consumer.group.name'] === 'fulfillment-orders-confirmed',
    };
    await until(() => inTrace().some(found.push) && inTrace().some(found.fulfillment), 'the consumer and push spans of the trace', 60_000);
    const trace = inTrace();
    const servers = trace.filter((s) => s.kind === SERVER);

    expect(servers.find((s) => servedOn(s) === portOf(graph.gatewayUrl))).toBeDefined();
    expect(trace.some((s) => s.name === 'gateway.request')).toBe(true);
    expect(servers.find((s) => servedOn(s) === portOf(graph.subgraphUrls.orders))).toBeDefined();
    expect(servers.find((s) => servedOn(s) === portOf(graph.subgraphUrls.availability))).toBeDefined();
    const publish = trace.find((s) => s.kind === PRODUCER && s.name === 'publish orders.confirmed');
    expect(publish).toBeDefined();
    const consumer = trace.find(found.fulfillment)!;
    expect(consumer.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
    expect(trace.find(found.push)!.attributes['graphql.subscription.field']).toBe('orderUpdated');
    // The push came after the pick task: the customer's screen saw the order move on.
    await feed.until((r) => r.data.some((d) => d.orderUpdated?.status === 'ASSIGNED_TO_STORE'), 30_000, 'ASSIGNED_TO_STORE pushed');
  }, 120_000);
});
