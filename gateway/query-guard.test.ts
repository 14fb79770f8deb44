import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultQueryLimits, QueryGuard, type Pricing } from './query-guard';

// The shape of the attacks: a type cycle (customer → orders → customer) and connections.
const schema = buildSchema(`
  type Query { customers(first: Int = 20): CustomerConnection! customer(id: ID!): Customer }
  type CustomerConnection { nodes: [Customer!]! }
  type Customer { id: ID! email: String orders(first: Int = 20): OrderConnection! }
  type OrderConnection { nodes: [Order!]! }
  type Order { name: String customer: Customer }
`);

const guard = (limits = {}) => new QueryGuard(schema, { ...defaultQueryLimits, ...limits });
const codeOf = (pricing: Pricing) => (pricing.ok ? 'OK' : pricing.rejection.code);

const nested = (levels: number) =>
  `{ customer(id: "1") { ${'orders(first: 1) { nodes { customer { '.repeat(levels)}id ${'} } } '.repeat(levels)}} }`;

describe('QueryGuard', () => {
  it('prices an ordinary query and lets it through', () => {
    const pricing = guard().price('{ customers(first: 5) { nodes { email } } }');
    expect(pricing).toMatchObject({ ok: true, requestedQueryCost: 6 });
  });

  it('refuses a document over the size limit before parsing it', () => {
    const pricing = guard({ maxDocumentBytes: 1000 }).price(`{ ${'id '.repeat(400)}}`);
    expect(codeOf(pricing)).toBe('DOCUMENT_TOO_LARGE');
  });

  it('counts bytes, not characters', () => {
    // 400 characters, 1200 bytes.
    const pricing = guard({ maxDocumentBytes: 1000 }).price(`# ${'€'.repeat(398)}`);
    expect(codeOf(pricing)).toBe('DOCUMENT_TOO_LARGE');
  });

  it('stops parsing at the token limit', () => {
    expect(codeOf(guard().price(nested(500)))).toBe('MAX_TOKENS_EXCEEDED');
  });

  it('refuses nesting through the customer → orders → customer cycle past the depth limit', () => {
    expect(codeOf(guard().price(nested(4)))).toBe('OK');
    const deep = guard().price(nested(20));
    expect(codeOf(deep)).toBe('MAX_DEPTH_EXCEEDED');
    expect(deep.ok || deep.rejection.message).toMatch(/depth limit of 15 exceeded, found 62/);
  });

  it('counts a fragment as a level, so depth cannot hide in fragments', () => {
    const fragments = Array.from(
      { length: 10 },
      (_, i) => `fragment F${i} on Customer { orders { nodes { customer { ...F${i + 1} } } } }`,
    ).join(' ');
    const source = `{ customer(id: "1") { ...F0 } } ${fragments} fragment F10 on Customer { id }`;
    expect(codeOf(guard().price(source))).toBe('MAX_DEPTH_EXCEEDED');
  });

  it('refuses a fragment cycle', () => {
    const source =
      '{ customer(id: "1") { ...A } } fragment A on Customer { orders { nodes { customer { ...A } } } }';
    expect(codeOf(guard().price(source))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses aliases over the limit', () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    expect(codeOf(guard().price(`{ ${aliases} }`))).toBe('MAX_ALIASES_EXCEEDED');
  });

  it('refuses directives over the limit', () => {
    expect(codeOf(guard().price(`{ __typename ${'@skip(if: false) '.repeat(51)}}`))).toBe(
      'MAX_DIRECTIVES_EXCEEDED',
    );
  });

  it('refuses a query whose calculated cost is over the maximum, with the cost', () => {
    const aliases = Array.from(
      { length: 10 },
      (_, i) => `c${i}: customers(first: 100) { nodes { id } }`,
    ).join(' ');
    const pricing = guard().price(`{ ${aliases} }`);
    expect(pricing).toMatchObject({
      ok: false,
      rejection: { code: 'MAX_COST_EXCEEDED', requestedQueryCost: 1010 },
    });
  });

  it('prices page sizes given as variables', () => {
    const source = 'query($n: Int) { customers(first: $n) { nodes { id } } }';
    expect(codeOf(guard().price(source, null, { n: 10 }))).toBe('OK');
    expect(codeOf(guard().price(source, null, { n: 5000 }))).toBe('MAX_COST_EXCEEDED');
  });

  it('answers mutations and subscriptions of a read-only graph with a clear code', () => {
    expect(codeOf(guard().price('mutation { wipe }'))).toBe('OPERATION_NOT_SUPPORTED');
    expect(codeOf(guard().price('subscription { changes }'))).toBe('OPERATION_NOT_SUPPORTED');
  });

  it('resolves the operation by name, and refuses an unknown or missing one', () => {
    const source = 'query A { __typename } query B { customer(id: "1") { id } }';
    expect(guard().price(source, 'B')).toMatchObject({ ok: true, requestedQueryCost: 1 });
    expect(codeOf(guard().price(source, 'C'))).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(codeOf(guard().price(source))).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('reports a syntax error as a parse failure', () => {
    expect(codeOf(guard().price('{ customers('))).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('parses a repeated document once', () => {
    const g = guard();
    const first = g.price('{ customers { nodes { id } } }');
    const second = g.price('{ customers { nodes { id } } }');
    expect(first.ok && second.ok && first.document === second.document).toBe(true);
  });
});
