import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { actualQueryCost, requestedQueryCost } from './query-cost';

const schema = buildSchema(`
  type Query { customers(first: Int = 20): CustomerConnection! customer(id: ID!): Customer locations: [Location!]! }
  type Mutation { touch: Boolean rename: Boolean }
  type CustomerConnection { nodes: [Customer!]! edges: [CustomerEdge!]! totalCount: Int! }
  type CustomerEdge { node: Customer! cursor: String! }
  type Customer { id: ID! email: String orders(first: Int): OrderConnection! address: Address }
  type Address { city: String }
  type OrderConnection { nodes: [Order!]! }
  type Order { name: String customer: Customer }
  type Location { name: String }
`);

function requested(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  return requestedQueryCost(schema, document, operation, variables);
}

describe('requestedQueryCost (Shopify rules)', () => {
  it('charges nothing for scalars and 1 for an object', () => {
    expect(requested('{ customer(id: "1") { id email } }')).toBe(1);
    expect(requested('{ customer(id: "1") { id address { city } } }')).toBe(2);
  });

  it('charges a connection its page size times one node, plus 1', () => {
    // 1 + 5 × (customer 1 + orders (1 + 3 × order 1))
    expect(
      requested('{ customers(first: 5) { nodes { orders(first: 3) { nodes { name } } } } }'),
    ).toBe(1 + 5 * (1 + (1 + 3 * 1)));
    expect(requested('{ customers(first: 4) { edges { node { id } } totalCount } }')).toBe(
      1 + 4 * 1,
    );
  });

  it('takes the page size from variables, else the schema default', () => {
    expect(requested('query($n: Int) { customers(first: $n) { nodes { id } } }', { n: 7 })).toBe(8);
    expect(requested('{ customers { nodes { id } } }')).toBe(21);
  });

  it('adds up aliases, each its own field', () => {
    const aliases = Array.from(
      { length: 10 },
      (_, i) => `c${i}: customers(first: 100) { nodes { id } }`,
    );
    expect(requested(`{ ${aliases.join(' ')} }`)).toBe(10 * 101);
  });

  it('charges 10 per mutation field', () => {
    expect(requested('mutation { touch rename }')).toBe(20);
  });

  it('ends on a fragment that spreads itself', () => {
    const source =
      '{ customer(id: "1") { ...A } } fragment A on Customer { orders(first: 2) { nodes { customer { ...A } } } }';
    expect(requested(source)).toBe(1 + (1 + 2 * 2));
  });
});

describe('actualQueryCost', () => {
  it('counts what came back: a short page costs less than was requested', () => {
    const source = '{ customers(first: 10) { nodes { id address { city } } } }';
    const document = parse(source);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const data = {
      customers: {
        nodes: [
          { id: '1', address: { city: 'X' } },
          { id: '2', address: null },
        ],
      },
    };
    expect(requestedQueryCost(schema, document, operation)).toBe(1 + 10 * 2);
    expect(actualQueryCost(schema, document, operation, {}, data)).toBe(1 + 2 + 1);
  });
});
