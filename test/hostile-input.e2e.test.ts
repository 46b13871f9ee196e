/**
 * Hostile input on the real six subgraphs: a NUL byte, an over-long value, a non-finite number or an
 * unreadable date in any argument of any root field — every mutation included, generated from each
 * subgraph's own schema, so a new field is covered without touching this file — is refused with
 * BAD_USER_INPUT naming the argument, and nothing changes: no row, no Redis key, no payment.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { SUBGRAPHS, type Identity, type SubgraphName } from '@qc/shared';
import { postGraphQL } from '@qc/shared/testing';
import { signDevToken } from '../gateway/src/auth';
import { createRepositories as catalogRepos } from '../subgraphs/catalog/src/data';
import { createRepositories as availabilityRepos } from '../subgraphs/availability/src/data';
import { createRepositories as ordersRepos } from '../subgraphs/orders/src/data';
import { SimulatedPaymentProvider } from '../subgraphs/orders/src/data/payment-provider';
import * as catalog from '../subgraphs/catalog/src/server';
import * as availability from '../subgraphs/availability/src/server';
import * as orders from '../subgraphs/orders/src/server';
import * as fulfillment from '../subgraphs/fulfillment/src/server';
import * as delivery from '../subgraphs/delivery/src/server';
import * as tracking from '../subgraphs/tracking/src/server';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

const TYPE_DEFS = { catalog, availability, orders, fulfillment, delivery, tracking };
const STORE = { id: 'str_hostile', lat: 52.52, lng: 13.405 };
const NEAR = { lat: 52.529, lng: 13.401 };
const CUSTOMER = 'cus_hostile';

let graph: RunningSupergraph;
const provider = new SimulatedPaymentProvider();

const COURIER: Identity = { sub: 'cou_hostile', role: 'courier', courierId: 'cou_hostile' };
const SERVICE: Identity = { sub: 'orders', role: 'service' };
/** Who calls each field, so that without the guard the call would get as far as its side effects. */
const CALLER: Record<string, Identity> = {
  placeOrder: { sub: CUSTOMER, role: 'customer' },
  ...Object.fromEntries(
    [
      'reportLocation',
      'changeCourierStatus',
      'acceptDeliveryOffer',
      'declineDeliveryOffer',
      'pickUpOrder',
      'deliverOrder',
      'setCourierStatus',
      'acceptOffer',
      'declineOffer',
      'confirmPickup',
      'confirmDelivery',
    ].map((f) => [f, COURIER]),
  ),
  ...Object.fromEntries(['reserveStock', 'releaseReservation', 'confirmReservation', 'confirmReservations'].map((f) => [f, SERVICE])),
};
const ADMIN: Identity = { sub: 'ops', role: 'admin' };

/** Valid arguments where the generic ones would stop a field early (placeOrder must reach the payment). */
const BASE: Record<string, Record<string, unknown>> = {
  placeOrder: {
    input: {
      idempotencyKey: 'hostile-key',
      items: [{ productId: 'prd_hostile', quantity: 1 }],
      deliveryLocation: NEAR,
      address: { line1: 'Torstraße 1', city: 'Berlin', postalCode: '10119' },
      paymentMethod: 'card_visa_4242',
    },
  },
};

/** A stand-in for Infinity in a literal: `1e309` is a valid GraphQL Float that parses to Infinity. */
const INFINITE = Symbol('1e309');
const HOSTILE: Record<string, { name: string; value: unknown }[]> = {
  ID: [
    { name: 'a NUL byte', value: 'x\u0000' },
    { name: 'an over-long value', value: 'x'.repeat(5000) },
  ],
  String: [
    { name: 'a NUL byte', value: 'ok\u0000' },
    { name: 'an escape character', value: 'ok\u001b[2J' },
    { name: 'an over-long value', value: 'x'.repeat(5000) },
  ],
  Float: [{ name: 'a non-finite number', value: INFINITE }],
  DateTime: [
    { name: 'a malformed date', value: 'yesterday' },
    { name: 'a NUL byte', value: '2026-12-07T10:00:00Z\u0000' },
  ],
};

/** A plausible valid value of an input type, every optional field filled in so every leaf is reached. */
function baseValue(type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [baseValue(t.ofType as GraphQLInputType)];
  if (isInputObjectType(t)) return Object.fromEntries(Object.values(t.getFields()).map((f) => [f.name, baseValue(f.type)]));
  if (isEnumType(t)) return t.getValues()[0]!.name;
  switch (t.name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date().toISOString();
    default:
      return 'hostile_1';
  }
}

/** The argument values as a GraphQL literal (so `1e309` can be written at all). */
function literal(value: unknown, type: GraphQLInputType): string {
  const t = getNullableType(type);
  if (value === INFINITE) return '1e309';
  if (isListType(t)) return `[${(value as unknown[]).map((v) => literal(v, t.ofType as GraphQLInputType)).join(', ')}]`;
  if (isInputObjectType(t)) {
    const fields = t.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v, fields[k]!.type)}`).join(', ')} }`;
  }
  if (isEnumType(t)) return String(value);
  return JSON.stringify(value);
}

/** Every scalar leaf of an argument value, with its path and scalar name. */
function leaves(value: unknown, type: GraphQLInputType, path: string[] = []): { path: string[]; scalar: string }[] {
  const t = getNullableType(type);
  if (isListType(t)) return (value as unknown[]).flatMap((v, i) => leaves(v, t.ofType as GraphQLInputType, [...path, String(i)]));
  if (isInputObjectType(t)) return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, t.getFields()[k]!.type, [...path, k]));
  return isEnumType(t) ? [] : [{ path, scalar: t.name }];
}

const setAt = (root: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> => {
  const copy = structuredClone(root);
  let node: any = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1]!] = value;
  return copy;
};

interface Case {
  subgraph: SubgraphName;
  field: string;
  argument: string;
  hostile: string;
  query: string;
  identity: Identity;
}

/** One case per root field × scalar leaf of its arguments × hostile value, for one subgraph's schema. */
function casesOf(subgraph: SubgraphName, schema: GraphQLSchema): Case[] {
  const roots = [schema.getMutationType(), schema.getQueryType()].filter((t) => t !== null && t !== undefined);
  const cases: Case[] = [];
  for (const root of roots) {
    const operation = root === schema.getMutationType() ? 'mutation' : 'query';
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (field.name.startsWith('_') || !field.args.length) continue;
      const base: Record<string, unknown> = BASE[field.name] ?? Object.fromEntries(field.args.map((a) => [a.name, baseValue(a.type)]));
      const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
      for (const arg of field.args) {
        for (const leaf of leaves(base[arg.name], arg.type, [arg.name])) {
          for (const hostile of HOSTILE[leaf.scalar] ?? []) {
            const args = setAt(base, leaf.path, hostile.value);
            const text = field.args.map((a) => `${a.name}: ${literal(args[a.name], a.type)}`).join(', ');
            cases.push({
              subgraph,
              field: field.name,
              argument: leaf.path.join('.'),
              hostile: hostile.name,
              query: `${operation} { ${field.name}(${text}) ${selection} }`,
              identity: CALLER[field.name] ?? ADMIN,
            });
          }
        }
      }
    }
  }
  return cases;
}

const SCHEMAS = SUBGRAPHS.map(({ name }) => ({ name, schema: buildSubgraphSchema({ typeDefs: TYPE_DEFS[name].typeDefs }) }));
const CASES = SCHEMAS.flatMap(({ name, schema }) => casesOf(name, schema));
const ALL_MUTATIONS = SCHEMAS.flatMap(({ schema }) => Object.keys(schema.getMutationType()?.getFields() ?? {}));

/** Everything a subgraph keeps: a digest of every table's rows, and its Redis keys. */
async function snapshot(g: RunningSupergraph): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const { name } of SUBGRAPHS) {
    const { db, schema, redis, namespace } = g.deps[name];
    const tables = await db.raw<{ rows: { table_name: string }[] }>('select table_name from information_schema.tables where table_schema = ? order by 1', [schema]);
    for (const { table_name } of tables.rows) {
      const digest = await db.raw<{ rows: { d: string }[] }>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d from ??.?? t`, [schema, table_name]);
      state[`${name}.${table_name}`] = digest.rows[0]!.d;
    }
    state[`${name} redis`] = (await redis.keys(`${namespace}*`)).sort().join(',');
  }
  return state;
}

beforeAll(async () => {
  graph = await startSupergraph({ settings: { orders: { paymentProvider: provider } } });
  await catalogRepos(graph.deps.catalog.db).categories.upsertMany([{ id: 'cat_hostile', name: 'Pantry', slug: 'pantry' }]);
  await catalogRepos(graph.deps.catalog.db).products.upsertMany([
    { id: 'prd_hostile', sku: 'HOSTILE-1', name: 'Rice', description: 'Rice', categoryId: 'cat_hostile', priceCents: 249, currency: 'EUR', imageUrl: null, tags: [] },
  ]);
  const allDay = [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '23:59' }));
  await availabilityRepos(graph.deps.availability.db).stores.upsertMany([
    { id: STORE.id, name: 'Hostile Store', lat: STORE.lat, lng: STORE.lng, address: 'Alexanderplatz 1', deliveryRadiusMeters: 3000, capacity: 50, timezone: 'Europe/Berlin', openingHours: allDay },
  ]);
  await availabilityRepos(graph.deps.availability.db).stock.upsertMany([{ storeId: STORE.id, productId: 'prd_hostile', onHand: 100, reserved: 0 }]);
  await ordersRepos(graph.deps.orders.db).customers.upsertMany([{ id: CUSTOMER, name: 'Hostile', email: 'hostile@example.com' }]);
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

describe('hostile input in every argument', () => {
  it('when the cases are generated from the schemas, then every mutation of every subgraph has some, except those taking only enums', () => {
    const covered = new Set(CASES.filter((c) => c.query.startsWith('mutation')).map((c) => c.field));
    expect(ALL_MUTATIONS.length).toBeGreaterThan(10);
    expect(ALL_MUTATIONS.filter((m) => !covered.has(m)).sort()).toEqual(['changeCourierStatus', 'setCourierStatus']);
  });

  it('when any argument of any root field carries a NUL byte, a control character, an over-long value, a non-finite number or a malformed date, then it is BAD_USER_INPUT naming the argument, and nothing changes and nothing is charged', async () => {
    const before = await snapshot(graph);
    const wrong: string[] = [];
    for (const c of CASES) {
      const res = await postGraphQL(graph.subgraphUrls[c.subgraph], c.query, {}, { identity: c.identity });
      const error = res.errors?.[0];
      const ok = res.status === 200 && !res.data && error?.extensions?.code === 'BAD_USER_INPUT' && error.message.includes(`"${c.argument}"`) && !/select|insert|update|from /i.test(error.message);
      if (!ok) wrong.push(`${c.subgraph} ${c.field}(${c.argument}) with ${c.hostile}: ${res.status} ${JSON.stringify(res.errors ?? res.data).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot(graph)).toEqual(before);
    expect(provider.calls).toBe(0);
    expect(provider.payments.size).toBe(0);
  });
});

describe('hostile input through the gateway', () => {
  let token: string;
  beforeAll(async () => {
    token = await signDevToken(E2E_JWT_SECRET, { sub: CUSTOMER, role: 'customer' });
  });

  it('when a product id carries a NUL byte, then the client gets BAD_USER_INPUT naming it and no SQL', async () => {
    const res = await queryGateway(graph.gatewayUrl, '{ product(id: "\\u0000") { name } }');
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toBe('Argument "id" of product contains a control character (U+0000); remove it.');
  });

  it('when the delivery address carries a NUL byte, then the order is refused before stock is reserved or the card authorized', async () => {
    const before = await snapshot(graph);
    const input = setAt(BASE.placeOrder!, ['input', 'address', 'line1'], 'Torstraße 1\u0000');
    const res = await queryGateway(graph.gatewayUrl, 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { __typename } }', input, token);
    expect(res.errors?.[0]).toMatchObject({ message: 'Argument "input.address.line1" of placeOrder contains a control character (U+0000); remove it.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(provider.calls).toBe(0);
    expect(await snapshot(graph)).toEqual(before);
  });

  it('when a courier reports lat: 1e309 or recordedAt: "yesterday", then each is BAD_USER_INPUT naming the argument, not an internal error', async () => {
    const courier = await signDevToken(E2E_JWT_SECRET, { sub: 'cou_hostile', role: 'courier' });
    const report = (lat: string, recordedAt: string) =>
      queryGateway(graph.gatewayUrl, `mutation { reportLocation(input: { lat: ${lat}, lng: 13.4, recordedAt: ${JSON.stringify(recordedAt)} }) { kept } }`, {}, courier);
    const infinite = await report('1e309', new Date().toISOString());
    expect(infinite.errors?.[0]).toMatchObject({ message: 'Argument "input.lat" of reportLocation must be a finite number; got Infinity.', extensions: { code: 'BAD_USER_INPUT' } });
    const yesterday = await report('52.5', 'yesterday');
    expect(yesterday.errors?.[0]).toMatchObject({
      message: 'Argument "input.recordedAt" of reportLocation must be an ISO 8601 date-time such as 2026-12-07T10:00:00Z; got "yesterday".',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
