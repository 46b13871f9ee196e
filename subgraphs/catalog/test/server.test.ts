import { createTestDeps, postGraphQL, startTestSubgraph, TEST_HMAC_SECRET, type TestDeps, type TestSubgraph } from '@qc/shared/testing';
import { HEADERS, signRequest } from '@qc/shared';
import { migrations } from '../migrations';
import { createRepositories } from '../src/data';
import { subgraph } from '../src/server';

let deps: TestDeps;
let server: TestSubgraph<typeof subgraph>;
let url: string;

beforeAll(async () => {
  deps = await createTestDeps('catalog', migrations);
  const repos = createRepositories(deps.db);
  await repos.categories.upsertMany([
    { id: 'cat_fruit', name: 'Fruit', slug: 'fruit' },
    { id: 'cat_drinks', name: 'Drinks', slug: 'drinks' },
  ]);
  await repos.products.upsertMany(
    ['Apple', 'Banana', 'Cherry', 'Cola'].map((name, i) => ({
      id: `prd_${i + 1}`,
      sku: `SKU-${i + 1}`,
      name,
      description: `${name} from the test`,
      categoryId: name === 'Cola' ? 'cat_drinks' : 'cat_fruit',
      priceCents: 100 + i,
      currency: 'EUR',
      imageUrl: null,
      tags: name === 'Cola' ? ['fizzy'] : ['fresh'],
    })),
  );
  server = await startTestSubgraph(subgraph, deps);
  url = server.url;
});

afterAll(async () => {
  await server.stop();
  await deps.close();
});

describe('catalog subgraph', () => {
  it('when a product is asked for by id, then it comes with its category and price', async () => {
    const res = await postGraphQL(url, '{ product(id: "prd_4") { name category { slug productCount } price { amountCents currency } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      product: { name: 'Cola', category: { slug: 'drinks', productCount: 1 }, price: { amountCents: 103, currency: 'EUR' } },
    });
  });

  it('when an unknown product is asked for, then the answer is null', async () => {
    const res = await postGraphQL(url, '{ product(id: "nope") { id } }');
    expect(res.data).toEqual({ product: null });
  });

  it('when products are paged, then pages follow each other by name without gaps', async () => {
    const query = 'query($after: String) { products(first: 3, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }';
    const first = await postGraphQL<{ products: any }>(url, query);
    expect(first.data!.products.edges.map((e: any) => e.node.name)).toEqual(['Apple', 'Banana', 'Cherry']);
    expect(first.data!.products).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const second = await postGraphQL<{ products: any }>(url, query, { after: first.data!.products.pageInfo.endCursor });
    expect(second.data!.products.edges.map((e: any) => e.node.name)).toEqual(['Cola']);
    expect(second.data!.products.pageInfo.hasNextPage).toBe(false);
  });

  it('when first is negative or the cursor is forged, then the error is BAD_USER_INPUT', async () => {
    const negative = await postGraphQL(url, '{ products(first: -1) { totalCount } }');
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const forged = await postGraphQL(url, '{ products(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('when the gateway resolves Product and Category references, then _entities answers in key order', async () => {
    const res = await postGraphQL(
      url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } ... on Category { id slug } } }',
      {
        r: [
          { __typename: 'Product', id: 'prd_2' },
          { __typename: 'Category', id: 'cat_fruit' },
          { __typename: 'Product', id: 'missing' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [{ id: 'prd_2', name: 'Banana' }, { id: 'cat_fruit', slug: 'fruit' }, null] });
  });

  it('when a request is not signed by the gateway, then it is refused as UNAUTHENTICATED', async () => {
    const res = await postGraphQL(url, '{ categories { id } }', {}, { sign: false });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when the identity header is swapped after signing, then it is refused', async () => {
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', role: 'admin' })).toString('base64url');
    const res = await postGraphQL(url, '{ categories { id } }', {}, { identity: { sub: 'c1', role: 'customer' }, headers: { [HEADERS.identity]: forged } });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('when signed with another secret, then it is refused', async () => {
    const res = await postGraphQL(url, '{ categories { id } }', {}, { secret: 'x'.repeat(40) });
    expect(res.status).toBe(401);
  });

  it('when a request one replica answered is replayed to a second replica with its signature re-spelled, then it is refused', async () => {
    const replica = await startTestSubgraph(subgraph, deps);
    const replicaUrl = replica.url;
    try {
      const body = JSON.stringify({ query: '{ categories { id } }' });
      const headers: Record<string, string> = { 'content-type': 'application/json', ...signRequest(TEST_HMAC_SECRET, { method: 'POST', target: '/graphql', body }, null, 'req-replay') };
      const first = await fetch(url, { method: 'POST', headers, body });
      expect(first.status).toBe(200);
      for (const respelled of [headers[HEADERS.signature]!.toUpperCase(), headers[HEADERS.signature]!]) {
        const replay = await fetch(replicaUrl, { method: 'POST', headers: { ...headers, [HEADERS.signature]: respelled }, body });
        expect(replay.status).toBe(401);
        expect(await replay.json()).toMatchObject({ errors: [{ message: 'Unauthenticated: request was already used', extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      const trailing = await fetch(replicaUrl, { method: 'POST', headers: { ...headers, [HEADERS.signature]: `${headers[HEADERS.signature]}00` }, body });
      expect(trailing.status).toBe(401);
    } finally {
      await replica.stop();
    }
  });

  it('when a signed empty-body GET is sent with another ?query=, then it is refused before anything runs', async () => {
    const signed = signRequest(TEST_HMAC_SECRET, { method: 'GET', target: '/graphql?query=%7B__typename%7D', body: '' }, null, 'req-get');
    const res = await fetch(`${url}?query=${encodeURIComponent('{ categories { id name } }')}`, { headers: { ...signed, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ message: 'Unauthenticated: request signature does not match' }] });
  });

  it('when an unsigned request carries a body that is not JSON, then it is refused as unsigned, not parsed', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('when a body larger than 2 MiB is sent, declared or streamed, then it is refused with 413 before the signature is checked', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024 + 1);
    const declared = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(1024 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('when a signed GET carries the query it was signed with, then it is answered', async () => {
    const target = `/graphql?query=${encodeURIComponent('{ product(id: "prd_1") { name } }')}`;
    const signed = signRequest(TEST_HMAC_SECRET, { method: 'GET', target, body: '' }, null, 'req-get-ok');
    const res = await fetch(`${url.replace('/graphql', '')}${target}`, { headers: { ...signed, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { product: { name: 'Apple' } } });
  });

  it('when health and readiness are probed without a signature, then both answer', async () => {
    const base = url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'ok', redis: 'ok', nats: 'ok' } });
  });
});
