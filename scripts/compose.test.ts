import { buildSchema } from 'graphql';
import { undocumented } from './compose';

describe('compose: every part of the schema clients see is documented', () => {
  it('when a type, field, argument, input field or enum value has no description, then each is named by its coordinate', () => {
    const schema = buildSchema(`
      "Documented."
      type Query {
        "Documented."
        order("Documented." id: ID!, status: Status): Order
        orders: [Order!]!
      }
      type Order { "Documented." id: ID! }
      "Documented."
      enum Status { "Documented." OPEN CLOSED }
      "Documented."
      input Filter { "Documented." text: String, limit: Int }
      "Documented."
      type Mutation { "Documented." search("Documented." filter: Filter): [Order!]! }
    `);
    expect(undocumented(schema)).toEqual([
      'argument Query.order(status:)',
      'field Query.orders',
      'type Order',
      'enum value Status.CLOSED',
      'input field Filter.limit',
    ]);
  });

  it('when everything is documented, then nothing is named', () => {
    expect(undocumented(buildSchema('"Root." type Query { "A field." ok(" An argument." x: Int): Boolean }'))).toEqual([]);
  });
});
