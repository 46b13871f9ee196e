import { buildSubgraphSchema } from '@apollo/subgraph';
import { getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { findInputProblems, fragmentsOf, inputError } from './input';
import { DateTimeScalar } from './scalars';
import { hideInternals } from './subgraph-server';

const schema: GraphQLSchema = buildSubgraphSchema({
  typeDefs: parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    scalar DateTime
    input Point { lat: Float!, lng: Float! }
    input Report { at: DateTime!, where: Point!, notes: [String!] }
    type Order @key(fields: "id") { id: ID!, line(productId: ID!): String }
    type Query { order(id: ID!): Order, orders(ids: [ID!]!): [Order!]! }
    type Mutation { report(input: Report!): Boolean, cancel(id: ID!, reason: String!): Boolean }
  `),
  resolvers: { DateTime: DateTimeScalar } as never,
});

const problemsOf = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return findInputProblems(schema, getOperationAST(document)!, fragmentsOf(document), variables).map((p) => `${p.field}(${p.argument}): ${p.message}`);
};

describe('the input guard', () => {
  it('when every argument is ordinary, then there is nothing to refuse', () => {
    expect(problemsOf('mutation { cancel(id: "ord_1", reason: "Changed my mind,\\nsorry") report(input: { at: "2026-12-07T10:00:00Z", where: { lat: 52.5, lng: 13.4 } }) }')).toEqual([]);
  });

  it('when a NUL byte comes in a variable, then the argument is named', () => {
    expect(problemsOf('mutation($id: ID!) { cancel(id: $id, reason: "x") }', { id: 'ord_1\u0000' })).toEqual(['cancel(id): contains a control character (U+0000); remove it']);
  });

  it('when hostile values hide in nested fields, lists and fragments, then each is found where it is', () => {
    const query = /* GraphQL */ `
      query($ids: [ID!]!) { orders(ids: $ids) { ...Lines } order(id: "ord_1") { ... on Order { line(productId: "prd_\\u001b") } } }
      fragment Lines on Order { line(productId: "${'p'.repeat(201)}") }
    `;
    expect(problemsOf(query, { ids: ['ord_1', 'ord_\u0007'] })).toEqual([
      'orders(ids.1): contains a control character (U+0007); remove it',
      'line(productId): is 201 characters long; at most 200 are allowed',
      'line(productId): contains a control character (U+001B); remove it',
    ]);
  });

  it('when a number is not finite or a date is not one, then they are refused, naming the path inside the input', () => {
    // GraphQL's lexer refuses a lone surrogate in a literal; a JSON variable can still carry one.
    expect(problemsOf('mutation($notes: [String!]) { report(input: { at: "yesterday", where: { lat: 1e309, lng: 13.4 }, notes: $notes }) }', { notes: ['ok', '\ud800'] })).toEqual([
      'report(input.at): must be an ISO 8601 date-time such as 2026-12-07T10:00:00Z; got "yesterday"',
      'report(input.where.lat): must be a finite number; got Infinity',
      'report(input.notes.1): is not valid Unicode (a lone surrogate)',
    ]);
  });

  it('when an entity representation carries a NUL byte, then _entities is refused too', () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }';
    expect(problemsOf(query, { r: [{ __typename: 'Order', id: 'ord_\u0000' }] })).toEqual(['_entities(representations.0): contains a control character (U+0000); remove it']);
  });

  it('when there are several problems, then one BAD_USER_INPUT error names them all', () => {
    const error = inputError([
      { field: 'cancel', argument: 'id', message: 'contains a control character (U+0000); remove it' },
      { field: 'cancel', argument: 'reason', message: 'is 3000 characters long; at most 2000 are allowed' },
    ]);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cancel', argument: 'id' });
    expect(error.message).toBe(
      '2 arguments are not acceptable: Argument "id" of cancel contains a control character (U+0000); remove it; Argument "reason" of cancel is 3000 characters long; at most 2000 are allowed.',
    );
  });
});

describe('unexpected errors', () => {
  it('when an error has no code (a database error quoting SQL), then the client sees only that something failed', () => {
    const leaked = { message: 'insert into "orders" ("address") values ($1) - invalid byte sequence for encoding "UTF8": 0x00', path: ['placeOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(hideInternals(leaked)).toEqual({ message: 'Something went wrong on our side; it was logged. Please try again later.', path: ['placeOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('when an error carries a code, then it reaches the client unchanged', () => {
    const coded = { message: 'Order ord_1 does not exist', extensions: { code: 'NOT_FOUND' } };
    expect(hideInternals(coded)).toBe(coded);
  });
});
