import { buildSchema, getOperationAST, parse } from 'graphql';
import { analyseSubscription, buildRootOperation, stableStringify, type SubscriptionShape } from './selection';

const schema = buildSchema(`
  enum Status { CONFIRMED PICKING }
  type Product { id: ID! name: String! }
  type Item { quantity: Int! product: Product! }
  type Order { id: ID! status: Status! items(first: Int): [Item!]! }
  type Connection { edges: [Edge!]! }
  type Edge { node: Order! }
  type Query { order(id: ID!): Order orders(storeId: ID!): Connection! }
  type Subscription { orderUpdated(orderId: ID!): Order! }
`);

const analyse = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const shape = analyseSubscription(schema, document, getOperationAST(document)!, variables);
  if (Array.isArray(shape)) throw shape[0];
  return shape as SubscriptionShape;
};

describe('taking a subscription apart', () => {
  it('when two subscribers select the same thing with other names, aliases and layout, then their selections share one key', () => {
    const a = analyse('subscription A { orderUpdated(orderId: "1") { status items { quantity } } }');
    const b = analyse(`subscription B($id: ID!) { mine: orderUpdated(orderId: $id) {
      status
      items { quantity }
    } }`, { id: '2' });
    expect(a.fragments).toBe(b.fragments);
    expect(a.variablesKey).toBe(b.variablesKey);
    expect([a.responseKey, b.responseKey]).toEqual(['orderUpdated', 'mine']);
    expect(b.args).toEqual({ orderId: '2' });
  });

  it('when the selection uses fragments and variables, then only those used travel with it', () => {
    const shape = analyse(
      `subscription S($id: ID!, $n: Int, $unused: Int) { orderUpdated(orderId: $id) { ...Lines } }
       fragment Lines on Order { items(first: $n) { ...P } }
       fragment P on Item { product { name } }
       fragment Unused on Order { id }`,
      { id: '1', n: 3, unused: 9 },
    );
    expect(shape.fragments).toContain('fragment Lines on Order');
    expect(shape.fragments).toContain('fragment P on Item');
    expect(shape.fragments).not.toContain('Unused');
    expect(shape.variableDefinitions).toEqual(['$n: Int']);
    expect(shape.variables).toEqual({ n: 3 });
  });

  it('when the top level is spread over fragments with @skip, then the top fields are what would be executed', () => {
    const shape = analyse('subscription($skip: Boolean!) { orderUpdated(orderId: "1") { st: status ... on Order { id } items @skip(if: $skip) { quantity } } }', { skip: true });
    expect(shape.topFields).toEqual([
      { responseKey: 'st', name: 'status', leaf: true },
      { responseKey: 'id', name: 'id', leaf: true },
    ]);
  });

  it('when a subscriber names a fragment like ours, then it is refused', () => {
    const document = parse('subscription { orderUpdated(orderId: "1") { ...QcLiveSelection } } fragment QcLiveSelection on Order { id }');
    const result = analyseSubscription(schema, document, getOperationAST(document)!, {});
    expect(Array.isArray(result) && result[0]!.message).toMatch(/reserved/);
  });

  it('when a variable value is wrong, then the coercion error comes back', () => {
    const document = parse('subscription($id: ID!) { orderUpdated(orderId: $id) { id } }');
    const result = analyseSubscription(schema, document, getOperationAST(document)!, {});
    expect(Array.isArray(result) && result[0]!.message).toMatch(/\$id/);
  });
});

describe('the operations the gateway runs for a selection', () => {
  it('when one entity is loaded, then its id is a variable, so every entity shares one query text (and plan)', () => {
    const shape = analyse('subscription($n: Int) { orderUpdated(orderId: "1") { items(first: $n) { quantity } } }', { n: 2 });
    const one = buildRootOperation(schema, shape, { field: 'order', args: { id: 'o1' } });
    const two = buildRootOperation(schema, shape, { field: 'order', args: { id: 'o2' } });
    expect(one.query).toBe(two.query);
    expect(one.query).toContain('query QcLive($n: Int, $qcLive_id: ID!) { qcLive: order(id: $qcLive_id) { ...QcLiveSelection } }');
    expect(one.variables).toEqual({ n: 2, qcLive_id: 'o1' });
    expect(() => parse(one.query)).not.toThrow();
  });

  it('when the entities are in a list, then the path is walked and the key is selected to pick one', () => {
    const shape = analyse('subscription { orderUpdated(orderId: "1") { status } }');
    const op = buildRootOperation(schema, shape, { field: 'orders', args: { storeId: 's' }, path: ['edges', 'node'], keyField: 'id' });
    expect(op.query).toContain('qcLive: orders(storeId: $qcLive_storeId) { edges { node { qcLiveKey: id ...QcLiveSelection } } }');
  });

  it('when values are compared, then key order does not matter', () => {
    expect(stableStringify({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(stableStringify({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});
