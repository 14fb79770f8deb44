import { existsSync } from 'node:fs';
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  parse,
  validate,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { gql, referenceSchemaFile, type GqlResponse } from './testing';

// With Shopify's published schema configured, the sandbox must answer every valid document, as
// Shopify would, without a refusal: one generated document per top-level query field and per
// common object, selecting what a client would (leaves, connections' nodes), plus the documents
// a new user's app sends first (issue 14).
const schemaFile = referenceSchemaFile;
const haveSchema = existsSync(schemaFile);
if (!haveSchema) {
  console.warn(
    `skipping the whole-schema sandbox tests: ${schemaFile} is absent (set SHOPIFY_ADMIN_SCHEMA or provide ../shared/reference/shopify/)`,
  );
}

let sb: ShopifySandbox;

beforeAll(async () => {
  if (!haveSchema) return;
  sb = await startShopifySandbox({
    port: 0,
    orders: 40,
    customers: 15,
    products: 8,
    seed: 11,
    // Hundreds of documents in a row: the bucket is not under test here.
    restoreRate: 1_000_000,
    schemaFile,
  });
});
afterAll(async () => sb?.close());

/** Ids of real records, so `order(id:)` and friends hit the model rather than a miss. */
function knownIds(): Record<string, string> {
  const first = <T>(m: Map<number, T>) => m.keys().next().value ?? 0;
  const order = [...sb.store.orders.values()].find((o) => o.refunds.length > 0);
  return {
    Order: `gid://shopify/Order/${order?.id ?? first(sb.store.orders)}`,
    Product: `gid://shopify/Product/${first(sb.store.products)}`,
    ProductVariant: `gid://shopify/ProductVariant/${first(sb.store.variants)}`,
    Customer: `gid://shopify/Customer/${first(sb.store.customers)}`,
    InventoryItem: `gid://shopify/InventoryItem/${first(sb.store.inventoryItems)}`,
    Location: `gid://shopify/Location/${first(sb.store.locations)}`,
    Refund: `gid://shopify/Refund/${order?.refunds[0]?.id ?? 0}`,
  };
}

class Generator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly ids: Record<string, string>,
  ) {}

  /** `name(args) { selection }` for a field, `depth` levels of objects below it. */
  field(field: GraphQLField<unknown, unknown>, depth: number): string {
    const args = this.args(field.args);
    const type = getNamedType(field.type);
    if (isLeafType(type)) return `${field.name}${args}`;
    return `${field.name}${args} { ${this.selection(type, depth)} }`;
  }

  selection(type: GraphQLNamedType, depth: number): string {
    if (isAbstractType(type)) {
      const id = this.schema.getType('Node');
      const withId = isAbstractType(type) && id && this.schema.isSubType(type, id as never);
      return withId ? '__typename ... on Node { id }' : '__typename';
    }
    if (!isObjectType(type)) return '__typename';
    const fields = type.getFields();
    if (fields.pageInfo && (fields.nodes || fields.edges)) {
      const nodeField = fields.nodes ? 'nodes' : 'edges { cursor node';
      const close = fields.nodes ? '' : ' }';
      const node = getNamedType((fields.nodes ?? fields.edges)!.type);
      const inner = fields.nodes
        ? node
        : getNamedType(isObjectType(node) ? node.getFields().node!.type : node);
      const nodes = isLeafType(inner)
        ? nodeField
        : `${nodeField} { ${this.selection(inner, depth)} }`;
      return `${nodes}${close} pageInfo { hasNextPage endCursor }`;
    }
    const parts: string[] = [];
    for (const f of Object.values(fields)) {
      if (!this.canSynthesize(f.args)) continue;
      const named = getNamedType(f.type);
      if (isLeafType(named)) parts.push(this.field(f, 0));
      else if (depth > 0) parts.push(this.field(f, depth - 1));
    }
    return parts.length > 0 ? parts.join(' ') : '__typename';
  }

  private canSynthesize(args: readonly GraphQLArgument[]): boolean {
    return args.filter(isRequiredArgument).every((a) => this.value(a.type, a.name, 0) !== null);
  }

  args(args: readonly GraphQLArgument[]): string {
    const parts: string[] = [];
    for (const a of args) {
      if (a.name === 'first' && !args.some((b) => isRequiredArgument(b) && b.name === 'last')) {
        parts.push('first: 2');
      } else if (isRequiredArgument(a)) {
        parts.push(`${a.name}: ${this.value(a.type, a.name, 0) ?? 'null'}`);
      }
    }
    return parts.length > 0 ? `(${parts.join(', ')})` : '';
  }

  /** A literal for an input type, or null when none can be made. */
  value(type: GraphQLInputType, name: string, depth: number): string | null {
    if (depth > 4) return null;
    if (isNonNullType(type)) return this.value(type.ofType, name, depth);
    if (isListType(type)) {
      const item = this.value(type.ofType, name, depth + 1);
      return item === null ? null : `[${item}]`;
    }
    if (isEnumType(type)) return type.getValues()[0]?.name ?? null;
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter(
        (f) => isNonNullType(f.type) && f.defaultValue === undefined,
      );
      const values = fields.map((f) => [f.name, this.value(f.type, f.name, depth + 1)] as const);
      if (values.some(([, v]) => v === null)) return null;
      return `{ ${values.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
    }
    switch (type.name) {
      case 'ID':
        return JSON.stringify(this.idFor(name));
      case 'Int':
        return '1';
      case 'Float':
        return '1.5';
      case 'Boolean':
        return 'false';
      case 'URL':
        return '"https://example.com/x"';
      case 'DateTime':
        return '"2025-01-01T00:00:00Z"';
      case 'Date':
        return '"2025-01-01"';
      case 'Decimal':
      case 'Money':
        return '"1.00"';
      case 'JSON':
        return '"{}"';
      default:
        return name === 'names' ? '"available"' : '"sandbox"';
    }
  }

  private idFor(argument: string): string {
    const stem = argument.replace(/Ids?$/, '');
    const type = stem === 'id' || stem === '' ? 'Order' : stem[0]!.toUpperCase() + stem.slice(1);
    return this.ids[type] ?? `gid://shopify/${type}/1`;
  }
}

/** Every error of a response, GraphQL's list or a REST-style string alike. */
const refusal = (response: GqlResponse): { message: string }[] => {
  const errors = response.body.errors;
  if (Array.isArray(errors)) return errors;
  return errors ? [{ message: errors }] : [];
};

describe.skipIf(!haveSchema)('the sandbox over Shopify Admin 2025-01', () => {
  it("says it serves Shopify's schema", () => {
    expect(sb.served.kind).toBe('shopify');
    expect(sb.schema.getType('FulfillmentOrder')).toBeDefined();
  });

  it('answers a generated document for every top-level query field without a refusal', async () => {
    const generator = new Generator(sb.schema, knownIds());
    const root = sb.schema.getQueryType()!;
    const failures: string[] = [];
    let sent = 0;
    for (const field of Object.values(root.getFields())) {
      const document = `query { ${generator.field(field, 1)} }`;
      const invalid = validate(sb.schema, parse(document));
      if (invalid.length > 0) {
        failures.push(`${field.name}: generated an invalid document: ${invalid[0]?.message}`);
        continue;
      }
      const response = await gql(sb, document);
      sent += 1;
      const errors = refusal(response);
      if (response.status !== 200 || errors.length > 0 || !response.body.data) {
        failures.push(`${field.name}: ${response.status} ${JSON.stringify(errors).slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBe(Object.keys(root.getFields()).length);
  });

  it.each([
    'Order',
    'Product',
    'Customer',
    'ProductVariant',
    'InventoryItem',
    'Location',
    'Refund',
  ])('answers every field of a modelled %s two levels deep', async (typeName) => {
    const ids = knownIds();
    const generator = new Generator(sb.schema, ids);
    const document = `query($id: ID!) { node(id: $id) { __typename ... on ${typeName} { ${generator.selection(sb.schema.getType(typeName)!, 1)} } } }`;
    expect(validate(sb.schema, parse(document))).toEqual([]);
    const response = await gql(sb, document, { id: ids[typeName] });
    expect(refusal(response)).toEqual([]);
    const node = response.body.data?.node as Record<string, unknown>;
    expect(node.__typename).toBe(typeName);
    expect(node.id).toBe(ids[typeName]);
  });

  it.each(['Shop', 'FulfillmentOrder'])(
    'answers every field of %s two levels deep',
    async (typeName) => {
      const generator = new Generator(sb.schema, knownIds());
      const selection = generator.selection(sb.schema.getType(typeName)!, 1);
      const document =
        typeName === 'Shop'
          ? `{ shop { ${selection} } }`
          : `query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 2) { nodes { ${selection} } } } }`;
      const response = await gql(sb, document, typeName === 'Shop' ? {} : { id: knownIds().Order });
      expect(refusal(response)).toEqual([]);
      expect(response.body.data).toBeTruthy();
    },
  );
});

describe.skipIf(!haveSchema)('the documents a new app sends first (issue 14)', () => {
  it('answers the same document with the same made-up values', async () => {
    const document = `{ shop { name currencyCode ianaTimezone plan { displayName } primaryDomain { host url } } }`;
    const [a, b] = [await gql(sb, document), await gql(sb, document)];
    expect(refusal(a)).toEqual([]);
    expect(a.body.data).toEqual(b.body.data);
    const shop = a.body.data?.shop as Record<string, unknown>;
    expect(shop.currencyCode).toBe('USD');
    expect(shop.primaryDomain).toEqual({
      host: sb.shopDomain,
      url: expect.stringMatching(/^https:\/\//),
    });
  });

  it('serves orders with shippingAddress, currentTotalPriceSet, fulfillmentOrders and refund lines from the model', async () => {
    const order = [...sb.store.orders.values()].find(
      (o) => o.refunds.length > 0 && o.customerId !== null,
    )!;
    const customer = sb.store.customers.get(order.customerId!)!;
    const response = await gql(
      sb,
      `query($id: ID!) { order(id: $id) {
        shippingAddress { city zip countryCodeV2 }
        currentTotalPriceSet { shopMoney { amount currencyCode } }
        fulfillmentOrders(first: 5) { nodes { status order { id } } }
        refunds { totalRefundedSet { shopMoney { amount } }
          refundLineItems(first: 5) { nodes { quantity restockType lineItem { id } subtotalSet { shopMoney { amount } } } } }
      } }`,
      { id: `gid://shopify/Order/${order.id}` },
    );
    expect(refusal(response)).toEqual([]);
    const got = response.body.data?.order as {
      shippingAddress: { city: string; zip: string };
      currentTotalPriceSet: { shopMoney: { amount: string } };
      fulfillmentOrders: { nodes: { order: { id: string } }[] };
      refunds: {
        refundLineItems: { nodes: { restockType: string; lineItem: { id: string } }[] };
      }[];
    };
    expect(got.shippingAddress.city).toBe(customer.addresses[0]?.city);
    const refunded = order.refunds.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0);
    const current = (Math.round(Number(order.total) * 100) - refunded) / 100;
    expect(Number(got.currentTotalPriceSet.shopMoney.amount)).toBeCloseTo(current, 2);
    expect(got.fulfillmentOrders.nodes[0]?.order.id).toBe(`gid://shopify/Order/${order.id}`);
    const line = got.refunds[0]?.refundLineItems.nodes[0];
    expect(line?.restockType).toBe('NO_RESTOCK');
    expect(line?.lineItem.id).toBe(`gid://shopify/LineItem/${order.lineItems[0]?.id}`);
  });

  it('counts customers orders and spend, and counts orders and products as filtered', async () => {
    const response = await gql(
      sb,
      `{ customers(first: 250) { nodes { id numberOfOrders } }
         ordersCount { count precision } paid: ordersCount(query: "financial_status:paid") { count }
         productsCount(limit: 3) { count precision } }`,
    );
    expect(refusal(response)).toEqual([]);
    const data = response.body.data as {
      customers: { nodes: { id: string; numberOfOrders: string }[] };
      ordersCount: { count: number; precision: string };
      paid: { count: number };
      productsCount: { count: number; precision: string };
    };
    const orders = [...sb.store.orders.values()];
    for (const c of data.customers.nodes) {
      const id = Number(c.id.split('/').pop());
      expect(Number(c.numberOfOrders)).toBe(orders.filter((o) => o.customerId === id).length);
    }
    expect(data.ordersCount).toEqual({ count: orders.length, precision: 'EXACT' });
    expect(data.paid.count).toBe(orders.filter((o) => o.financialStatus === 'PAID').length);
    expect(data.productsCount).toEqual({ count: 3, precision: 'AT_LEAST' });
  });

  it('answers nodes(ids:) from the model, null for a missing record, made up for other types', async () => {
    const ids = knownIds();
    const response = await gql(sb, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [ids.Order, 'gid://shopify/Order/1', 'gid://shopify/Collection/77'],
    });
    expect(refusal(response)).toEqual([]);
    expect(response.body.data?.nodes).toEqual([
      { __typename: 'Order', id: ids.Order },
      null,
      { __typename: 'Collection', id: 'gid://shopify/Collection/77' },
    ]);
  });

  it('lists the changes of inventorySetQuantities', async () => {
    const level = [...sb.store.inventoryLevels.values()][0]!;
    const response = await gql(
      sb,
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
        inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } } userErrors { message } } }`,
      {
        input: {
          name: 'available',
          reason: 'correction',
          ignoreCompareQuantity: true,
          quantities: [
            {
              inventoryItemId: `gid://shopify/InventoryItem/${level.inventoryItemId}`,
              locationId: `gid://shopify/Location/${level.locationId}`,
              quantity: level.quantities.available + 5,
            },
          ],
        },
      },
    );
    expect(refusal(response)).toEqual([]);
    const group = (
      response.body.data?.inventorySetQuantities as {
        inventoryAdjustmentGroup: {
          changes: { name: string; delta: number; quantityAfterChange: number }[];
        };
      }
    ).inventoryAdjustmentGroup;
    expect(group.changes).toEqual([
      { name: 'available', delta: 5, quantityAfterChange: level.quantities.available },
      { name: 'on_hand', delta: 5, quantityAfterChange: level.quantities.on_hand },
    ]);
  });

  it('reports an unknown search field as a warning in extensions.search', async () => {
    const response = await gql(sb, `{ orders(first: 1, query: "colour:red") { nodes { id } } }`);
    expect(refusal(response)).toEqual([]);
    const extensions = response.body.extensions as unknown as { search: unknown };
    expect(extensions.search).toEqual([
      {
        path: ['orders'],
        query: 'colour:red',
        parsed: { field: 'colour', match_all: 'red' },
        warnings: [{ field: 'colour', message: 'Invalid search field for this query.' }],
      },
    ]);
  });

  it('refuses a made-up connection without a page size as Shopify does, and reports no user errors from a made-up mutation', async () => {
    const unpaged = await gql(sb, '{ collections { nodes { id } } }');
    expect(refusal(unpaged).map((e) => e.message)).toEqual([
      'you must provide one of first or last',
    ]);
    const created = await gql(
      sb,
      'mutation { tagsAdd(id: "gid://shopify/Collection/3", tags: ["a"]) { node { id } userErrors { message } } }',
    );
    expect(refusal(created)).toEqual([]);
    expect(created.body.data?.tagsAdd).toMatchObject({ userErrors: [] });
  });
});
