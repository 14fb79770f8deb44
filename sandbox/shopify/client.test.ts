import { createAdminApiClient } from '@shopify/admin-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from './index';

// The vendor's own client, unchanged but for a fetch that swaps https://<shop> for the sandbox:
// if it works here, a connector built on it talks to the sandbox as it would to Shopify.
let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 30, customers: 10, products: 5 });
});
afterAll(async () => {
  await sb.close();
});

describe('@shopify/admin-api-client against the sandbox', () => {
  it('queries and reads extensions.cost', async () => {
    const client = createAdminApiClient({
      storeDomain: sb.shopDomain,
      apiVersion: sb.apiVersion,
      accessToken: sb.accessToken,
      // The client warns that 2025-01 is past its support window; that is the point here.
      logger: () => undefined,
      customFetchApi: (url, init) =>
        fetch(String(url).replace(`https://${sb.shopDomain}`, sb.url), init),
    });
    const { data, errors, extensions } = await client.request(
      'query Orders($n: Int!) { orders(first: $n) { nodes { id name } } }',
      { variables: { n: 5 } },
    );
    expect(errors).toBeUndefined();
    expect((data as { orders: { nodes: unknown[] } }).orders.nodes).toHaveLength(5);
    expect(extensions?.cost).toMatchObject({ requestedQueryCost: 6, actualQueryCost: 6 });
  });
});
