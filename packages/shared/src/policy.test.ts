import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { decide } from './access';
import type { Identity } from './identity';
import { anyone, applyPolicy, PolicyGapError, policyGaps, signedIn, type SubgraphPolicy } from './policy';

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Note @key(fields: "id") { id: ID! owner: String! secret: String! }
  type Query { note(id: ID!): Note notes: [Note!]! }
`);
const NOTES = [
  { id: 'n1', owner: 'ann', secret: 'ann-secret' },
  { id: 'n2', owner: 'bob', secret: 'bob-secret' },
];
const resolvers = {
  Query: { note: (_: unknown, { id }: { id: string }) => NOTES.find((n) => n.id === id) ?? null, notes: () => NOTES },
  Note: { __resolveReference: (ref: { id: string }) => NOTES.find((n) => n.id === ref.id) ?? null },
};
type Note = (typeof NOTES)[number];
let ruleCalls = 0;
const policy: SubgraphPolicy = {
  Query: { fields: { note: { rule: signedIn, hideForbidden: true }, notes: anyone } },
  Note: {
    object: ({ identity, parent }) => {
      ruleCalls++;
      return decide(identity, (id) => id.role === 'admin' || id.sub === (parent as Note).owner);
    },
    fields: { id: anyone, owner: anyone, secret: { rule: ({ identity }) => decide(identity, (id) => id.role === 'admin'), refusal: 'admins only' } },
  },
};
const schema = applyPolicy(buildSubgraphSchema({ typeDefs, resolvers }), policy);
const ann: Identity = { sub: 'ann', role: 'customer' };
const admin: Identity = { sub: 'adm', role: 'admin' };
const run = (source: string, identity: Identity | null, variableValues?: Record<string, unknown>) =>
  graphql({ schema, source, contextValue: { identity }, variableValues });
const codes = (result: Awaited<ReturnType<typeof run>>) => (result.errors ?? []).map((e) => e.extensions.code);

describe('policyGaps', () => {
  it('when a field or type has no rule, or a rule names nothing, then each is listed by name', () => {
    const gaps = policyGaps(buildSubgraphSchema({ typeDefs, resolvers }), {
      Query: { fields: { note: signedIn, notes: anyone, ghost: anyone } },
      Note: { fields: { id: anyone, owner: anyone } },
      Phantom: { fields: {} },
    });
    expect(gaps).toEqual(['Note.secret has no access rule', 'Query.ghost has a rule but no such field', 'Phantom has a policy but no such type']);
  });

  it('when the policy misses a field, then the schema is not built', () => {
    expect(() => applyPolicy(buildSubgraphSchema({ typeDefs, resolvers }), { Query: policy.Query! })).toThrow(PolicyGapError);
  });
});

describe('applyPolicy', () => {
  it("when a lookup finds someone else's object, then it answers null, as for an id that does not exist", async () => {
    expect((await run('{ note(id: "n2") { id } }', ann)).data).toEqual({ note: null });
    expect((await run('{ note(id: "nx") { id } }', ann)).data).toEqual({ note: null });
    expect((await run('{ note(id: "n1") { id } }', ann)).data).toEqual({ note: { id: 'n1' } });
    expect(codes(await run('{ note(id: "n1") { id } }', null))).toEqual(['UNAUTHENTICATED']);
  });

  it('when a list reaches objects the caller may not see, then their fields are refused there too', async () => {
    const result = await run('{ notes { owner } }', ann);
    expect(codes(result)).toEqual(['FORBIDDEN']);
    expect(result.data).toBeNull();
    expect((await run('{ notes { owner } }', admin)).data).toEqual({ notes: [{ owner: 'ann' }, { owner: 'bob' }] });
  });

  it('when a field has its own rule, then it is asked after the object rule, with its refusal message', async () => {
    const result = await run('{ note(id: "n1") { id secret } }', ann);
    expect(result.errors?.[0]?.message).toBe('admins only');
    expect((await run('{ note(id: "n1") { secret } }', admin)).data).toEqual({ note: { secret: 'ann-secret' } });
  });

  it('when several fields of one object are read, then its object rule is asked once for that object', async () => {
    ruleCalls = 0;
    await run('{ notes { id owner } }', admin);
    expect(ruleCalls).toBe(2);
  });

  it('when _entities is called without a signed identity, then a non-public entity is refused before loading', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Note { owner } } }';
    const anonymous = await run(query, null, { r: [{ __typename: 'Note', id: 'n1' }] });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data).toEqual({ _entities: [null] });
    const stranger = await run(query, { sub: 'eve', role: 'customer' }, { r: [{ __typename: 'Note', id: 'n1' }] });
    expect(codes(stranger)).toEqual(['FORBIDDEN']);
    const service = await run(query, { sub: 'orders', role: 'service' }, { r: [{ __typename: 'Note', id: 'n1' }] });
    expect(codes(service)).toEqual(['FORBIDDEN']);
    expect((await run(query, ann, { r: [{ __typename: 'Note', id: 'n1' }] })).data).toEqual({ _entities: [{ owner: 'ann' }] });
  });
});
