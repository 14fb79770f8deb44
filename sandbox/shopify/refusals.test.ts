import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { gql } from './testing';

// Refusals in Shopify's (graphql-ruby's) words and codes; whichever schema is served.
let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 3, customers: 2, products: 2 });
});
afterAll(async () => sb.close());

describe('refusals', () => {
  it('names an unknown field with code undefinedField and the path to it', async () => {
    const { body } = await gql(sb, '{ shop { name colour } }');
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: "Field 'colour' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 15 }],
        path: ['query', 'shop', 'colour'],
        extensions: { code: 'undefinedField', typeName: 'Shop', fieldName: 'colour' },
      },
    ]);
  });

  it('words missing and unknown arguments and bad selections as Shopify does', async () => {
    const { body } = await gql(
      sb,
      'query Q { order { id } products(first: 1, colour: "red") { nodes { title { x } } } shop }',
    );
    const errors = body.errors as { message: string; extensions: { code: string } }[];
    expect(errors.map((e) => [e.extensions.code, e.message])).toEqual([
      ['missingRequiredArguments', "Field 'order' is missing required arguments: id"],
      ['argumentNotAccepted', "Field 'products' doesn't accept argument 'colour'"],
      [
        'selectionMismatch',
        "Selections can't be made on scalars (field 'title' returns String! but has selections)",
      ],
      [
        'selectionMismatch',
        "Field must have selections (field 'shop' returns Shop! but has no selections. Did you mean 'shop { ... }'?)",
      ],
    ]);
  });

  it('reports a syntax error with its position', async () => {
    const { body } = await gql(sb, '{ shop { name } } }');
    expect(body.errors).toEqual([
      { message: 'Parse error on "}" (RCURLY) at [1, 19]', locations: [{ line: 1, column: 19 }] },
    ]);
    const open = await gql(sb, '{ shop { name ');
    expect(open.body.errors).toEqual([
      { message: 'Unexpected end of document', locations: [{ line: 1, column: 15 }] },
    ]);
  });
});
