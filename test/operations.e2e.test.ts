import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { SUBGRAPHS, type SubgraphName } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import type { GatewayServer } from '../gateway/src/server';
import { operationsNamespace, OperationStore } from '../gateway/src/operations/store';
import { manifestPath } from '../clients/clients';
import { manifestOf, operationBody, operationId, type PersistedQueryManifest } from '../clients/persisted';
import * as partner from '../clients/partner-example/__generated__/graphql';
import * as customerApp from '../clients/customer-app/__generated__/graphql';
import { publishManifest } from '../scripts/operations-publish';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { createRepositories as ordersRepos } from '../subgraphs/orders/src/data';
import { connectClient, Recorder, type TestClient } from '../gateway/src/subscriptions/testing/client';
import { E2E_JWT_SECRET, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
let store: OperationStore;
/** Two replicas that hear of a publish only through NATS (their Redis version check is 10 minutes apart). */
let a: { url: string; server: GatewayServer };
let b: { url: string; server: GatewayServer };
const subgraphCalls = {} as Record<SubgraphName, number>;
const totalSubgraphCalls = () => Object.values(subgraphCalls).reduce((n, c) => n + c, 0);

const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema', 'api.graphql'), 'utf8'));
const partnerManifest = JSON.parse(readFileSync(manifestPath('partner-example'), 'utf8')) as PersistedQueryManifest;
const catalogPage = partnerManifest.operations.find((o) => o.name === 'PartnerCatalogPage')!;
const hashOf = (doc: unknown) => (doc as { __meta__: { hash: string } }).__meta__.hash;

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as object) };
}

const bearer = async (claims: Parameters<typeof signDevToken>[1]) => ({ authorization: `Bearer ${await signDevToken(E2E_JWT_SECRET, claims)}` });
const acme = () => bearer({ sub: 'svc_acme', role: 'partner', partnerId: 'acme' });
const byId = (id: string, variables: Record<string, unknown> = {}) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

const health = (url: string) => fetch(url.replace(/graphql$/, 'health')).then((r) => r.json()) as Promise<any>;

/** Resolves once `server` holds version `version` (or later) of `client`'s list. */
function loaded(server: GatewayServer, client: string, version: number): Promise<void> {
  return new Promise((resolve) => {
    if ((server.operations.versions()[client] ?? 0) >= version) return resolve();
    const off = server.operations.onList((c, list) => {
      if (c === client && list.version >= version) {
        off();
        resolve();
      }
    });
  });
}

const publish = (client: string, manifest: unknown, prune = false) =>
  publishManifest({ client, manifest, schema, store, bus: graph.deps.catalog.events, nats: graph.deps.catalog.nats, prune });

beforeAll(async () => {
  graph = await startSupergraph();
  const catalog = catalogRepos(graph.deps.catalog.db);
  await catalog.categories.upsertMany([{ id: 'cat_fruit', name: 'Fruit', slug: 'fruit' }]);
  await catalog.products.upsertMany([
    { id: 'prd_banana', sku: 'F-1', name: 'Bananas', description: 'Fairtrade, 1 kg', categoryId: 'cat_fruit', priceCents: 199, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  for (const { name } of SUBGRAPHS) {
    subgraphCalls[name] = 0;
    graph.subgraphs[name].server.httpServer.on('request', (req: IncomingMessage) => {
      if (req.method === 'POST') subgraphCalls[name] += 1;
    });
  }
  store = new OperationStore(graph.deps.catalog.redis, operationsNamespace(graph.eventsPrefix));
  a = await graph.startGateway({ OPERATIONS_POLL_MS: '600000' });
  b = await graph.startGateway({ OPERATIONS_POLL_MS: '600000' });
  const published = await publish('partner:acme', partnerManifest);
  expect(published.ok).toBe(true);
  await Promise.all([loaded(a.server, 'partner:acme', 1), loaded(b.server, 'partner:acme', 1)]);
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

describe('a partner on the registered policy', () => {
  it('when it sends a registered id without the body, then either replica runs that operation', async () => {
    for (const url of [a.url, b.url]) {
      const before = totalSubgraphCalls();
      const res = await post(url, byId(catalogPage.id, { first: 5 }), await acme());
      expect(res.errors).toBeUndefined();
      expect(res.data.products).toMatchObject({ totalCount: 1, edges: [{ node: { id: 'prd_banana', sku: 'F-1', name: 'Bananas' } }] });
      expect(totalSubgraphCalls()).toBeGreaterThan(before);
    }
  });

  it('when it sends the id with the registered body, then that runs too', async () => {
    const res = await post(a.url, { query: catalogPage.body, ...byId(catalogPage.id, { first: 1 }) }, await acme());
    expect(res.errors).toBeUndefined();
    expect(res.data.products.totalCount).toBe(1);
  });

  it('when it sends free text, even the registered text, then it is refused with PERSISTED_QUERY_NOT_IN_LIST and no subgraph is called', async () => {
    const before = totalSubgraphCalls();
    for (const query of ['{ products(first: 5) { totalCount } }', catalogPage.body]) {
      const res = await post(a.url, { query, variables: { first: 5 } }, await acme());
      expect(res.status).toBe(400);
      expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'PERSISTED_QUERY_NOT_IN_LIST' }) })]);
      expect(res.errors![0]!.message).toMatch(/registered operations, sent by id/);
    }
    expect(totalSubgraphCalls()).toBe(before);
  });

  it('when it sends an unknown, tampered or malformed id, then it is refused with PERSISTED_QUERY_NOT_FOUND and no subgraph is called', async () => {
    const before = totalSubgraphCalls();
    const tampered = catalogPage.id.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    // Another client's operation is unknown to this partner, whatever replica or APQ store saw it.
    for (const id of [tampered, hashOf(customerApp.MyOrdersDocument), 'not-a-hash', '']) {
      const res = await post(b.url, byId(id), await acme());
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
    expect(totalSubgraphCalls()).toBe(before);
  });

  it('when it sends a registered id with a different body, then it is refused and the body does not run', async () => {
    const before = totalSubgraphCalls();
    const res = await post(a.url, { query: '{ products(first: 50) { totalCount } }', ...byId(catalogPage.id) }, await acme());
    expect(res.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(totalSubgraphCalls()).toBe(before);
  });

  it('when a partner has no list, or its token has no partner_id, then it gets a coded error saying why', async () => {
    const before = totalSubgraphCalls();
    const other = await post(a.url, byId(catalogPage.id), await bearer({ sub: 'svc_other', role: 'partner', partnerId: 'other' }));
    expect(other.errors?.[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' }, message: expect.stringMatching(/No operations are registered for partner:other/) });
    const anonymousPartner = await post(a.url, byId(catalogPage.id), await bearer({ sub: 'svc_x', role: 'partner' }));
    expect(anonymousPartner.errors?.[0]).toMatchObject({ extensions: { code: 'UNKNOWN_CLIENT' }, message: expect.stringMatching(/partner_id/) });
    // A header cannot turn a partner token into a first-party app.
    const disguised = await post(a.url, { query: '{ categories { id } }' }, { ...(await acme()), 'apollographql-client-name': 'simulator' });
    expect(disguised.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(totalSubgraphCalls()).toBe(before);
  });
});

describe('first-party clients', () => {
  it('when an app names a client the gateway does not know, then it gets UNKNOWN_CLIENT and no subgraph is called', async () => {
    const before = totalSubgraphCalls();
    const res = await post(a.url, { query: '{ categories { id } }' }, { 'apollographql-client-name': 'pirate-app' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'UNKNOWN_CLIENT' }, message: expect.stringMatching(/does not know the client "pirate-app".*customer-app/) });
    expect(totalSubgraphCalls()).toBe(before);
  });

  it('when a mobile app registers a hash through one replica (APQ), then the other replica answers that hash alone', async () => {
    const app = { 'apollographql-client-name': 'customer-app' };
    const id = hashOf(customerApp.CategoriesDocument);
    const unknown = await post(b.url, byId(id), app);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(a.url, { query: operationBody(customerApp.CategoriesDocument), ...byId(id) }, app);
    expect(registered.errors).toBeUndefined();
    const fromB = await post(b.url, byId(id), app);
    expect(fromB.errors).toBeUndefined();
    expect(fromB.data).toEqual({ categories: [{ id: 'cat_fruit', name: 'Fruit', slug: 'fruit', productCount: 1 }] });
  });

  it('when an app sends a body whose hash does not match, then APQ refuses it and nothing is registered', async () => {
    const body = '{ categories { name } }';
    const res = await post(a.url, { query: body, ...byId(operationId('{ categories { id } }')) }, { 'apollographql-client-name': 'customer-app' });
    expect(res.errors?.[0]).toMatchObject({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    const after = await post(b.url, byId(operationId('{ categories { id } }')), { 'apollographql-client-name': 'customer-app' });
    expect(after.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('when a client on the open policy runs an operation no list registers, then it runs and is counted; a registered one is not', async () => {
    const sim = { 'apollographql-client-name': 'simulator' };
    const unregistered = () => health(a.url).then((h) => h.operations.unregistered.total as number);
    const before = await unregistered();
    const free = await post(a.url, { query: 'query Peek { categories { name } }' }, sim);
    expect(free.data).toEqual({ categories: [{ name: 'Fruit' }] });
    expect(await unregistered()).toBe(before + 1);
    const listed = await post(a.url, { query: catalogPage.body, variables: { first: 1 } }, sim);
    expect(listed.errors).toBeUndefined();
    expect(await unregistered()).toBe(before + 1);
  });
});

describe('publishing', () => {
  it('when a manifest has an invalid and a duplicate operation, then it is refused as a whole, naming each, and nothing is stored', async () => {
    const bad = 'query Broken { products(first: 1) { colour } }';
    const manifest = {
      ...partnerManifest,
      operations: [...partnerManifest.operations, { id: operationId(bad), name: 'Broken', type: 'query', body: bad }, partnerManifest.operations[0]],
    };
    const before = await store.list('partner:acme');
    const outcome = await publish('partner:acme', manifest);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => `${p.operation}: ${p.reason}`)).toEqual(
      expect.arrayContaining(['Broken: Cannot query field "colour" on type "ProductConnection".', `${catalogPage.name}: id ${catalogPage.id} appears more than once`]),
    );
    expect(await store.list('partner:acme')).toEqual(before);
    expect(await store.list('partner:newcomer')).toBeNull();
    expect(await publish('partner:newcomer', { operations: [] })).toMatchObject({ ok: false });
    expect(await store.clients()).not.toContain('partner:newcomer');
    expect(await publish('Partner Acme!', partnerManifest)).toMatchObject({ ok: false, problems: [{ operation: '(client)' }] });
  });

  it('when a new version leaves an operation out, then the running gateways keep it unless the publish prunes it', async () => {
    const client = 'partner:slim';
    const only = (names: string[]) => ({ ...partnerManifest, operations: partnerManifest.operations.filter((o) => names.includes(o.name)) });
    await publish(client, only(['PartnerCatalogPage', 'PartnerStores']));
    const v2 = await publish(client, only(['PartnerStores']));
    expect(v2).toMatchObject({ ok: true, result: { version: 2, added: [], kept: ['PartnerCatalogPage'], removed: [] } });
    await Promise.all([loaded(a.server, client, 2), loaded(b.server, client, 2)]);
    const token = await bearer({ sub: 'svc_slim', role: 'partner', partnerId: 'slim' });
    expect((await post(b.url, byId(catalogPage.id, { first: 1 }), token)).errors).toBeUndefined();

    const v3 = await publish(client, only(['PartnerStores']), true);
    expect(v3).toMatchObject({ ok: true, result: { version: 3, removed: ['PartnerCatalogPage'] } });
    await Promise.all([loaded(a.server, client, 3), loaded(b.server, client, 3)]);
    expect((await post(a.url, byId(catalogPage.id, { first: 1 }), token)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await store.list(client, 1))?.operations.map((o) => o.name)).toEqual(['PartnerCatalogPage', 'PartnerStores']);
  });

  it('when a notice is missed, then a replica still loads the new version at its next check of Redis', async () => {
    const polling = await graph.startGateway({ OPERATIONS_POLL_MS: '200' });
    try {
      // Stored without a NATS notice, as if the replica had been disconnected when it went out.
      const { version } = await store.publish('partner:quiet', partnerManifest.operations);
      await loaded(polling.server, 'partner:quiet', version);
      expect(polling.server.operations.get('partner:quiet', catalogPage.id)?.name).toBe('PartnerCatalogPage');
    } finally {
      await polling.stop();
    }
  });
});

describe('pre-planning', () => {
  it('when a list is published, then every replica plans its operations without calling a subgraph', async () => {
    const before = await health(a.url);
    const callsBefore = totalSubgraphCalls();
    const { result } = (await publish('partner:planner', partnerManifest)) as { ok: true; result: { version: number } };
    await loaded(a.server, 'partner:planner', result.version);
    await a.server.preplanned();
    const after = await health(a.url);
    expect(after.operations.preplan.planned - before.operations.preplan.planned).toBe(partnerManifest.operations.length);
    expect(after.operations.preplan.failed).toBe(0);
    expect(totalSubgraphCalls()).toBe(callsBefore);
  });
});

it('when the partner example is typed, then its documents carry the ids its manifest registers', () => {
  expect(hashOf(partner.PartnerCatalogPageDocument)).toBe(catalogPage.id);
});

describe('subscriptions over graphql-ws under the same policies', () => {
  // What a status screen follows (the customer app's FollowOrder also asks tracking, which has not
  // heard of this hand-made order).
  const followOrder = manifestOf([parse('subscription OrderStatus($orderId: ID!) { orderUpdated(orderId: $orderId) { id status } }')]).operations[0]!;
  const idOnly = (id: string) => ({ persistedQuery: { version: 1, sha256Hash: id } });
  /** A gateway on which the customer app, too, runs only its registered operations. */
  let strict: { url: string; server: GatewayServer; stop(): Promise<void> };
  const sockets: TestClient[] = [];
  const socket = (url: string, token: string, params: Record<string, unknown> = {}) => {
    const client = connectClient(url.replace(/^http/, 'ws'), token, params);
    sockets.push(client);
    return client;
  };
  const token = (claims: Parameters<typeof signDevToken>[1]) => signDevToken(E2E_JWT_SECRET, claims);

  beforeAll(async () => {
    const orders = ordersRepos(graph.deps.orders.db);
    const at = new Date();
    await orders.customers.upsertMany([{ id: 'cus_wes', name: 'Wes', email: 'wes@example.com' }]);
    await orders.orders.insertMany([
      {
        id: 'ord_ws',
        customerId: 'cus_wes',
        storeId: 'str_ws',
        courierId: null,
        status: 'CONFIRMED',
        currency: 'EUR',
        totalCents: 199,
        address: { line1: 'Weg 1', city: 'Berlin', postalCode: '10119', lat: 52.52, lng: 13.4 },
        placedAt: at,
        updatedAt: at,
        items: [{ productId: 'prd_banana', quantity: 1, unitPriceCents: 199, currency: 'EUR' }],
        history: [{ from: null, to: 'PENDING', actor: 'cus_wes', reason: null, at }],
      },
    ]);
    strict = await graph.startGateway({ OPERATIONS_CLIENTS: 'customer-app=registered', OPERATIONS_POLL_MS: '600000' });
    const watcher = await publish('partner:watcher', { ...partnerManifest, operations: [followOrder] });
    const app = await publish('customer-app', { ...partnerManifest, operations: [followOrder] });
    expect([watcher.ok, app.ok]).toEqual([true, true]);
    await Promise.all([loaded(a.server, 'partner:watcher', 1), loaded(strict.server, 'partner:watcher', 1), loaded(strict.server, 'customer-app', 1)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    await strict?.stop();
  });

  it('when a partner subscribes with free text, even a registered text, then it is refused with PERSISTED_QUERY_NOT_IN_LIST and no subgraph is called', async () => {
    const client = socket(a.url, await token({ sub: 'svc_watcher', role: 'partner', partnerId: 'watcher' }));
    const before = totalSubgraphCalls();
    for (const query of [followOrder.body, 'subscription { orderUpdated(orderId: "ord_ws") { status } }']) {
      const live = await new Recorder(client, query, { orderId: 'ord_ws' }).ended();
      expect(live.errorCodes).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      expect(JSON.stringify(live.error)).toMatch(/registered operations, sent by id/);
    }
    expect(totalSubgraphCalls()).toBe(before);
  });

  it('when a partner subscribes by an unknown or tampered id, or sends another text with its id, then it is refused and no subgraph is called', async () => {
    const client = socket(b.url, await token({ sub: 'svc_acme', role: 'partner', partnerId: 'acme' }));
    const before = totalSubgraphCalls();
    const tampered = followOrder.id.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    // OrderStatus is the customer app's and partner:watcher's, not acme's.
    for (const id of [followOrder.id, tampered, 'not-a-hash']) {
      const live = await new Recorder(client, '', { orderId: 'ord_ws' }, idOnly(id)).ended();
      expect(live.errorCodes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
    const watcher = socket(a.url, await token({ sub: 'svc_watcher', role: 'partner', partnerId: 'watcher' }));
    const swapped = await new Recorder(watcher, 'subscription { orderUpdated(orderId: "ord_ws") { id } }', {}, idOnly(followOrder.id)).ended();
    expect(swapped.errorCodes).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    expect(totalSubgraphCalls()).toBe(before);
  });

  it("when a partner subscribes by a registered id, then the policy lets it through to the order's own rule (to a partner, no order exists)", async () => {
    const client = socket(a.url, await token({ sub: 'svc_watcher', role: 'partner', partnerId: 'watcher' }));
    const live = await new Recorder(client, '', { orderId: 'ord_ws' }, idOnly(followOrder.id)).ended();
    expect(live.errorCodes).toEqual(['NOT_FOUND']);
  });

  it('when an app on the registered policy subscribes by id, then it receives its order; its free text is refused', async () => {
    const client = socket(strict.url, await token({ sub: 'cus_wes', role: 'customer' }), { 'apollographql-client-name': 'customer-app' });
    const live = await new Recorder(client, '', { orderId: 'ord_ws' }, idOnly(followOrder.id)).count(1);
    expect(live.data[0]).toMatchObject({ orderUpdated: { id: 'ord_ws', status: 'CONFIRMED' } });
    live.unsubscribe();
    const free = await new Recorder(client, 'subscription { orderUpdated(orderId: "ord_ws") { status } }').ended();
    expect(free.errorCodes).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    // Unnamed, the same customer is an anonymous client (open policy by default) and may send text.
    const unnamed = socket(strict.url, await token({ sub: 'cus_wes', role: 'customer' }));
    const open = await new Recorder(unnamed, 'subscription { orderUpdated(orderId: "ord_ws") { status } }').count(1);
    expect(open.data[0]).toEqual({ orderUpdated: { status: 'CONFIRMED' } });
    open.unsubscribe();
    // A client name the gateway does not know is refused as over HTTP.
    const pirate = socket(strict.url, await token({ sub: 'cus_wes', role: 'customer' }), { 'apollographql-client-name': 'pirate-app' });
    const unknown = await new Recorder(pirate, 'subscription { orderUpdated(orderId: "ord_ws") { status } }').ended();
    expect(unknown.errorCodes).toEqual(['UNKNOWN_CLIENT']);
  });
});
