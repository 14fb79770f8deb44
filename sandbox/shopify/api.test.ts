import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { at, gql } from './testing';

let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 400, customers: 120, products: 30, seed: 7 });
});
afterAll(async () => {
  await sb.close();
});

interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('Shopify sandbox: authentication', () => {
  it('answers 401 with Shopify body for a wrong token, and serves the right one', async () => {
    const wrong = await gql(sb, '{ shop { name } }', undefined, 'shpat_wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
    const right = await gql(sb, '{ shop { name myshopifyDomain } }');
    expect(right.status).toBe(200);
    expect(at(right.body.data, 'shop.myshopifyDomain')).toBe(sb.shopDomain);
  });
});

describe('Shopify sandbox: paging and the updated_at filter', () => {
  it('pages through every order exactly once with first/after', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gql(
        sb,
        'query($after: String) { orders(first: 250, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const page = at<Page<{ id: string }>>(res.body.data, 'orders');
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(sb.store.orders.size);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
  });

  it('filters on updated_at and sorts by UPDATED_AT', async () => {
    const all = [...sb.store.customers.values()].map((c) => c.updatedAt).sort();
    const since = all[Math.floor(all.length / 2)] as string;
    const expected = all.filter((t) => t > since).length;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res = await gql(
        sb,
        `query($after: String, $q: String) { customers(first: 25, after: $after, sortKey: UPDATED_AT, query: $q) {
          nodes { id updatedAt email firstName lastName phone addresses { city } createdAt }
          edges { cursor } pageInfo { hasNextPage endCursor } } }`,
        { after, q: `updated_at:>'${since}'` },
      );
      const page = at<{ nodes: { updatedAt: string }[] } & Page<unknown>>(
        res.body.data,
        'customers',
      );
      seen.push(...page.nodes.map((n) => n.updatedAt));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(expected);
    expect(seen).toEqual([...seen].sort());
    expect(seen.every((t) => t > since)).toBe(true);
  });

  it('refuses first above 250 and a connection without first or last', async () => {
    const big = await gql(sb, '{ products(first: 251) { nodes { id } } }');
    expect(big.body.errors).toBeDefined();
    const none = await gql(sb, '{ products { nodes { id } } }');
    expect(JSON.stringify(none.body.errors)).toContain('you must provide one of first or last');
  });

  it('resolves node(id), order(id), product(id) and the inventory chain', async () => {
    const order = [...sb.store.orders.values()].find((o) => o.refunds.length > 0 && o.customerId);
    expect(order).toBeDefined();
    const res = await gql(
      sb,
      `query($id: ID!) { node(id: $id) { id ... on Order { name customer { id } currencyCode
         totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount } }
         totalTaxSet { shopMoney { amount } } displayFinancialStatus displayFulfillmentStatus cancelledAt
         refunds { id createdAt note totalRefundedSet { shopMoney { amount } } }
         transactions { id kind status gateway createdAt amountSet { shopMoney { amount } } }
         fulfillments { id status createdAt trackingInfo { number company } }
         lineItems(first: 10) { nodes { sku title quantity variant { id product { id }
           inventoryItem { id inventoryLevels(first: 5) { nodes { id location { id name isActive }
             quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } } } } } } } }`,
      { id: `gid://shopify/Order/${order?.id}` },
    );
    expect(res.body.errors).toBeUndefined();
    const node = at<Record<string, unknown>>(res.body.data, 'node');
    expect(node.name).toBe(order?.name);
    expect(at(node, 'totalPriceSet.shopMoney.amount')).toBe(order?.total);
    expect((node.refunds as unknown[]).length).toBe(order?.refunds.length);
    const byId = await gql(
      sb,
      `{ order(id: "gid://shopify/Order/${order?.id}") { id } missing: order(id: "gid://shopify/Order/1") { id } }`,
    );
    expect(at(byId.body.data, 'order.id')).toBe(`gid://shopify/Order/${order?.id}`);
    expect(at(byId.body.data, 'missing')).toBeNull();
    const product = [...sb.store.products.values()][0];
    const p = await gql(
      sb,
      `{ product(id: "gid://shopify/Product/${product?.id}") { id title handle status vendor productType createdAt updatedAt variants(first: 5) { nodes { id sku title price inventoryItem { id } } } } }`,
    );
    expect(at(p.body.data, 'product.handle')).toBe(product?.handle);
  });

  it("filters a location's inventory levels with query: on updated_at (2025-01)", async () => {
    const level = [...sb.store.inventoryLevels.values()][0];
    if (!level) throw new Error('no inventory');
    const newest = Math.max(
      ...[...sb.store.inventoryLevels.values()].map((l) => Date.parse(l.updatedAt)),
    );
    const since = new Date(newest + 1).toISOString();
    sb.store.setQuantity(level, 'available', level.quantities.available + 1);
    const res = await gql(
      sb,
      `query($id: ID!, $q: String) { location(id: $id) { inventoryLevels(first: 250, query: $q) {
        nodes { id item { id } } } } }`,
      { id: `gid://shopify/Location/${level.locationId}`, q: `updated_at:>='${since}'` },
    );
    expect(res.body.errors).toBeUndefined();
    const nodes = at(res.body.data, 'location.inventoryLevels.nodes') as { item: { id: string } }[];
    expect(nodes.map((n) => n.item.id)).toEqual([
      `gid://shopify/InventoryItem/${level.inventoryItemId}`,
    ]);
  });
});

describe('Shopify sandbox: counts', () => {
  it("answers the connector's Counts document, filtered like the connections", async () => {
    const since = [...sb.store.orders.values()].map((o) => o.updatedAt).sort()[200] ?? '';
    const { body } = await gql(
      sb,
      `query Counts($query: String) {
        customersCount(query: $query) { count }
        ordersCount(query: $query, limit: null) { count precision }
        productsCount(query: $query, limit: 10) { count precision }
        locationsCount { count }
      }`,
      { query: `updated_at:>'${since}'` },
    );
    expect(body.errors).toBeUndefined();
    const newer = (xs: Iterable<{ updatedAt: string }>) =>
      [...xs].filter((x) => Date.parse(x.updatedAt) > Date.parse(since)).length;
    expect(body.data).toEqual({
      customersCount: { count: newer(sb.store.customers.values()) },
      ordersCount: { count: newer(sb.store.orders.values()), precision: 'EXACT' },
      productsCount: {
        count: Math.min(10, newer(sb.store.products.values())),
        precision: newer(sb.store.products.values()) > 10 ? 'AT_LEAST' : 'EXACT',
      },
      locationsCount: { count: [...sb.store.locations.values()].filter((l) => l.isActive).length },
    });
    expect(at<{ count: number }>(body.data, 'ordersCount').count).toBeGreaterThan(0);
  });
});

describe('Shopify sandbox: calculated cost and the leaky bucket', () => {
  it('reports extensions.cost and refunds requested minus actual', async () => {
    const res = await gql(
      sb,
      `{ orders(first: 10, query: "updated_at:>'2999-01-01T00:00:00Z'") { nodes { id } } }`,
    );
    expect(res.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 11,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
    const full = await gql(
      sb,
      '{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { sku } } } } }',
    );
    expect(full.body.extensions?.cost.requestedQueryCost).toBe(1 + 10 * (1 + 1 + 5));
    const mutation = await gql(
      sb,
      'mutation { bulkOperationRunQuery(query: "{ x }") { userErrors { message } } }',
    );
    expect(mutation.body.extensions?.cost.requestedQueryCost).toBe(10);
  });

  it('refuses a query above 1000 points with MAX_COST_EXCEEDED', async () => {
    const res = await gql(
      sb,
      '{ orders(first: 250) { nodes { id lineItems(first: 10) { nodes { sku } } } } }',
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    const errors = res.body.errors as { message: string; extensions: Record<string, unknown> }[];
    expect(errors[0]?.message).toBe(
      'Query cost is 3001, which exceeds the single query max cost limit (1000)',
    );
    expect(errors[0]?.extensions.code).toBe('MAX_COST_EXCEEDED');
  });

  it('answers THROTTLED as HTTP 200 when the bucket cannot hold the requested cost', async () => {
    const small = await startShopifySandbox({
      port: 0,
      orders: 50,
      customers: 10,
      products: 5,
      restoreRate: 1,
    });
    try {
      const query = '{ orders(first: 12) { nodes { id } } }';
      const first = await gql(small, query);
      expect(first.body.extensions?.cost.throttleStatus.maximumAvailable).toBe(20);
      expect(first.body.extensions?.cost.throttleStatus.currentlyAvailable).toBeLessThan(13);
      const second = await gql(small, query);
      expect(second.status).toBe(200);
      expect(second.body).toEqual({
        errors: [
          {
            message: 'Throttled',
            extensions: {
              code: 'THROTTLED',
              documentation: 'https://shopify.dev/api/usage/rate-limits',
            },
          },
        ],
        extensions: {
          cost: {
            requestedQueryCost: 13,
            actualQueryCost: null,
            // 7 left after the first call, plus whatever a slow machine restored meanwhile.
            throttleStatus: {
              maximumAvailable: 20,
              currentlyAvailable: expect.any(Number),
              restoreRate: 1,
            },
          },
        },
      });
    } finally {
      await small.close();
    }
  });
});

describe('Shopify sandbox: inventorySetQuantities', () => {
  const mutation = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id reason } userErrors { code field message } } }`;

  it('sets when compareQuantity matches and refuses a stale one, changing nothing', async () => {
    const level = [...sb.store.inventoryLevels.values()][0];
    if (!level) throw new Error('no inventory');
    const before = level.quantities.available;
    const quantity = (compareQuantity: number, value: number) => ({
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: 'plexus://test',
        quantities: [
          {
            inventoryItemId: `gid://shopify/InventoryItem/${level.inventoryItemId}`,
            locationId: `gid://shopify/Location/${level.locationId}`,
            quantity: value,
            compareQuantity,
          },
        ],
      },
    });
    const ok = await gql(sb, mutation, quantity(before, before + 5));
    expect(at(ok.body.data, 'inventorySetQuantities.userErrors')).toEqual([]);
    expect(level.quantities.available).toBe(before + 5);
    const stale = await gql(sb, mutation, quantity(before, 0));
    expect(at(stale.body.data, 'inventorySetQuantities.userErrors')).toEqual([
      {
        code: 'COMPARE_QUANTITY_STALE',
        field: ['input', 'quantities', '0', 'compareQuantity'],
        message: 'The compareQuantity argument no longer matches the persisted quantity.',
      },
    ]);
    expect(at(stale.body.data, 'inventorySetQuantities.inventoryAdjustmentGroup')).toBeNull();
    expect(level.quantities.available).toBe(before + 5);
  });
});

describe('Shopify sandbox: knobs', () => {
  it('injects 429 and 5xx with Shopify bodies, and latency', async () => {
    sb.knobs.set({ error429Rate: 1 });
    const limited = await fetch(sb.graphqlUrl, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as { errors: string }).errors).toMatch(/Exceeded/);
    sb.knobs.set({ error429Rate: 0, error5xxRate: 1, error5xxStatuses: [503] });
    const down = await gql(sb, '{ shop { name } }');
    expect(down.status).toBe(503);
    sb.knobs.set({ error5xxRate: 0, latencyMs: 120 });
    const started = Date.now();
    expect((await gql(sb, '{ shop { name } }')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    sb.knobs.set({ latencyMs: 0 });
  });
});

describe('Shopify sandbox: configuration', () => {
  it('names every bad option', async () => {
    await expect(startShopifySandbox({ port: -1, restoreRate: 0 })).rejects.toThrow(
      /port: .*; restoreRate: /,
    );
  });
});
