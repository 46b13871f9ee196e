import { readFileSync } from 'node:fs';
import { buildASTSchema, getOperationAST, isObjectType, parse, type GraphQLError } from 'graphql';
import { anyone, type Identity, type SubgraphPolicy } from '@qc/shared';
import { postGraphQL } from '@qc/shared/testing';
import { signDevToken, type DevTokenOptions } from '../gateway/src/auth';
import { policy as catalogPolicy } from '../subgraphs/catalog/src/policy';
import { policy as availabilityPolicy } from '../subgraphs/availability/src/policy';
import { policy as ordersPolicy } from '../subgraphs/orders/src/policy';
import { policy as fulfillmentPolicy } from '../subgraphs/fulfillment/src/policy';
import { policy as deliveryPolicy } from '../subgraphs/delivery/src/policy';
import { policy as trackingPolicy } from '../subgraphs/tracking/src/policy';
import { MATRIX, type MatrixRow, type Outcome } from './authorization/matrix';
import { renderMatrix } from './authorization/render';
import { loadWorld, MATRIX_ROLES, ROLE_IDENTITIES, type MatrixRole } from './authorization/world';
import { E2E_JWT_SECRET, queryGateway, startSupergraph, type RunningSupergraph } from './support/supergraph';

let graph: RunningSupergraph;
const tokens = {} as Record<MatrixRole, string | undefined>;

beforeAll(async () => {
  // The matrix checks the subgraphs' field rules, which hold whatever operation a partner runs; so here
  // partners may send free text (their registered-operations-only policy is tested in operations.e2e).
  graph = await startSupergraph({ fixture: loadWorld, gatewayEnv: { OPERATIONS_PARTNER_POLICY: 'open' } });
  for (const role of MATRIX_ROLES) {
    const identity = ROLE_IDENTITIES[role];
    tokens[role] = identity ? await signDevToken(E2E_JWT_SECRET, identity as DevTokenOptions) : undefined;
  }
}, 120_000);

afterAll(async () => {
  await graph?.stop();
});

const ask = (role: MatrixRole, query: string, variables: Record<string, unknown> = {}) => queryGateway(graph.gatewayUrl, query, variables, tokens[role]);
const codesOf = (errors?: readonly { extensions?: { code?: unknown } }[]) => (errors ?? []).map((e) => e.extensions?.code);

/** What one role got from one row (see `Outcome`). */
async function outcomeOf(row: MatrixRow, role: MatrixRole): Promise<Outcome> {
  let errors: readonly { extensions?: { code?: unknown } }[] | undefined;
  let value: unknown;
  if (row.via === 'subscription') {
    const document = parse(row.operation);
    const started = await graph.gateway.subscriptions.subscribe({
      document,
      operation: getOperationAST(document)!,
      variables: {},
      identity: ROLE_IDENTITIES[role] as Identity | null,
      connection: { close: () => undefined },
    });
    if (Array.isArray(started)) errors = started as GraphQLError[];
    else {
      started.end();
      value = true;
    }
  } else {
    const res =
      row.via === 'gateway'
        ? await ask(role, row.operation, row.variables)
        : await postGraphQL(graph.subgraphUrls[row.via], row.operation, row.variables, { identity: ROLE_IDENTITIES[role] as Identity | null });
    errors = res.errors;
    value = res.data ? Object.values(res.data)[0] : null;
  }
  if (errors?.length) return errors[0]!.extensions?.code as Outcome;
  return value === null || value === undefined ? 'none' : 'ok';
}

describe('the leaks of issue 13, closed', () => {
  const POSITION_AFTER_DELIVERY = '{ order(id: "ord_done") { id delivery { status courier { id position { lat lng } } } } }';

  it("when a customer follows their order to its courier three days after delivery, then the courier's position is refused", async () => {
    const res = await ask('customer', POSITION_AFTER_DELIVERY);
    expect(res.data?.order?.delivery?.courier?.position ?? null).toBeNull();
    expect(codesOf(res.errors)).toEqual(['FORBIDDEN']);
    expect(res.data?.order).toMatchObject({ id: 'ord_done', delivery: { status: 'DELIVERED', courier: { id: 'cou_lee' } } });
  });

  it("when the store's staff follow an order in their history to its courier, then the courier's position is refused", async () => {
    const res = await ask('staff', POSITION_AFTER_DELIVERY);
    expect(res.data?.order?.delivery?.courier?.position ?? null).toBeNull();
    expect(codesOf(res.errors)).toEqual(['FORBIDDEN']);
  });

  it("when a customer follows their order to its courier, then the courier's status, load and home store are refused, even while carrying it", async () => {
    const res = await ask('customer', '{ order(id: "ord_live") { delivery { courier { name status currentLoad homeStore { id } } } } }');
    expect(res.data?.order?.delivery?.courier ?? null).toBeNull();
    expect(codesOf(res.errors)).toContain('FORBIDDEN');
    // What the customer may see of the courier carrying their order still shows.
    expect((await ask('customer', '{ order(id: "ord_live") { delivery { courier { name position { lat } } } } }')).data).toEqual({
      order: { delivery: { courier: { name: 'Kim', position: { lat: 52.52 } } } },
    });
  });

  it('when a courier merely offered an order reads it through DeliveryOffer.order, then no customer name, email or address comes back', async () => {
    const res = await ask('otherCourier', '{ myOffers { id order { id deliveryAddress { line1 } customer { name email } } } }');
    expect(JSON.stringify(res.data ?? null)).not.toMatch(/Bob|bob@example\.com|ord_offer street/);
    expect(codesOf(res.errors)).toContain('FORBIDDEN');
    // The offer itself, with where to go, is theirs to see.
    expect((await ask('otherCourier', '{ myOffers { id order { id } dropoffLocation { lat } } }')).data).toEqual({
      myOffers: [{ id: 'ofr_max', order: { id: 'ord_offer' }, dropoffLocation: { lat: 52.515 } }],
    });
  });

  it('when a correctly signed _entities(Order) call carries no identity, then nothing sensitive comes back from any subgraph', async () => {
    const representations = [{ __typename: 'Order', id: 'ord_live' }];
    const orders = await postGraphQL<any>(
      graph.subgraphUrls.orders,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id status deliveryAddress { line1 } customer { name email } } } }',
      { r: representations },
    );
    expect(orders.data).toEqual({ _entities: [null] });
    expect(codesOf(orders.errors)).toEqual(['UNAUTHENTICATED']);
    const elsewhere = await Promise.all([
      postGraphQL<any>(graph.subgraphUrls.delivery, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { delivery { proofOfDelivery courier { status } } } } }', { r: representations }),
      postGraphQL<any>(graph.subgraphUrls.tracking, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Courier { position { lat } } } }', { r: [{ __typename: 'Courier', id: 'cou_kim' }] }),
      postGraphQL<any>(graph.subgraphUrls.fulfillment, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { pickTask { items { quantity } } } } }', { r: representations }),
    ]);
    for (const res of elsewhere) {
      expect(res.data).toEqual({ _entities: [null] });
      expect(codesOf(res.errors)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it.each([
    ['cancelOrder, by another customer', 'otherCustomer', (id: string) => `mutation { cancelOrder(id: "${id}", reason: "probe") { __typename } }`, 'ord_live'],
    ['startPicking, by staff of another store', 'otherStaff', (id: string) => `mutation { startPicking(orderId: "${id}") { id } }`, 'ord_live'],
    ['acceptOffer, by another courier', 'otherCourier', (id: string) => `mutation { acceptOffer(offerId: "${id}") { id } }`, 'ofr_kim'],
    ['confirmPickup, by another courier', 'otherCourier', (id: string) => `mutation { confirmPickup(orderId: "${id}") { id } }`, 'ord_live'],
  ] as const)('when a stranger probes an id with %s, then a real id and a made-up one get the same answer', async (_what, role, mutation, realId) => {
    const real = await ask(role, mutation(realId));
    const madeUp = await ask(role, mutation('xyz_nothing'));
    expect(codesOf(real.errors)).toEqual(['NOT_FOUND']);
    expect(codesOf(madeUp.errors)).toEqual(['NOT_FOUND']);
    expect(real.errors![0]!.message.replace(realId, '<id>')).toBe(madeUp.errors![0]!.message.replace('xyz_nothing', '<id>'));
  });

  it('when a stranger looks an order, a pick task or a delivery up by id, then a real id and a made-up one both answer null', async () => {
    for (const [role, field] of [['otherCustomer', 'order'], ['otherStaff', 'pickTask'], ['otherCourier', 'delivery']] as const) {
      const real = await ask(role, `{ ${field}(id: "${field === 'order' ? 'ord_live' : field === 'pickTask' ? 'pck_live' : 'dlv_live'}") { id } }`);
      const madeUp = await ask(role, `{ ${field}(id: "xyz_nothing") { id } }`);
      expect(real).toEqual(madeUp);
      expect(real.data).toEqual({ [field]: null });
    }
  });
});

describe('the authorization matrix', () => {
  const supergraph = buildASTSchema(parse(readFileSync(`${__dirname}/../schema/supergraph.graphql`, 'utf8')), { assumeValidSDL: true });
  const rootFields = (['Query', 'Mutation', 'Subscription'] as const).flatMap((root) => {
    const type = supergraph.getType(root);
    return isObjectType(type) ? Object.keys(type.getFields()).map((field) => `${root}.${field}`) : [];
  });
  const rowPaths = new Set(MATRIX.map((row) => row.path));

  it('when the schema has a root field, mutation or subscription, then the matrix has a row for it, and no row names a field that is gone', () => {
    expect(rootFields.filter((path) => !rowPaths.has(path))).toEqual([]);
    const roots = MATRIX.map((row) => row.path).filter((path) => /^(Query|Mutation|Subscription)\./.test(path));
    expect(roots.filter((path) => !rootFields.includes(path))).toEqual([]);
  });

  it('when a subgraph policy guards an entity or a field with anything but `anyone`, then some row of the matrix exercises it', () => {
    const policies: SubgraphPolicy[] = [catalogPolicy, availabilityPolicy, ordersPolicy, fulfillmentPolicy, deliveryPolicy, trackingPolicy];
    const guarded = new Set<string>();
    for (const policy of policies) {
      for (const [type, typePolicy] of Object.entries(policy)) {
        if (['Query', 'Mutation', 'Subscription'].includes(type)) continue;
        if (typePolicy.object && typePolicy.object !== anyone) guarded.add(type);
        for (const [field, entry] of Object.entries(typePolicy.fields)) {
          const rule = typeof entry === 'function' ? entry : entry.rule;
          if (rule !== anyone) guarded.add(`${type}.${field}`);
        }
      }
    }
    const covered = new Set(MATRIX.flatMap((row) => [row.path.split(' ')[0]!, ...(row.covers ?? [])]));
    expect([...guarded].filter((entry) => !covered.has(entry)).sort()).toEqual([]);
  });

  it('when the docs show the matrix, then docs/authorization.md holds it as it is now', () => {
    expect(readFileSync(`${__dirname}/../docs/authorization.md`, 'utf8')).toContain(renderMatrix());
  });

  it.each(MATRIX.map((row) => [row.path, row] as const))('when every role asks %s, then each gets what the matrix says', async (_path, row) => {
    const got = {} as Record<MatrixRole, Outcome>;
    for (const role of MATRIX_ROLES) got[role] = await outcomeOf(row, role);
    expect(got).toEqual(row.expect);
  });
});
