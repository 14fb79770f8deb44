// Global object identification: node(id:) and nodes(ids:) find any entity of the graph by its id,
// resolve the rest of the selection across subgraphs, and respect the caller's scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../../gateway/server';
import { customerId, ids, orderId, orderName, seedCustomer360 } from './fixture';
import { credentialFor, openStore, query, startGraph, type Store } from './harness';

const nodeQuery = /* GraphQL */ `
  query ($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
      ... on Customer {
        email
        crm {
          lifecycleStage
        }
      }
      ... on Order {
        name
        accounting {
          paid
        }
      }
      ... on Product {
        title
      }
      ... on ProductVariant {
        sku
        stock {
          available
        }
      }
      ... on Location {
        name
      }
    }
  }
`;

describe('node(id:) and nodes(ids:)', () => {
  let store: Store;
  let gateway: RunningGateway;
  beforeAll(async () => {
    store = await openStore('sqlite');
    await seedCustomer360(store.db.orm.em, 2);
    gateway = await startGraph(store.db);
  });
  afterAll(async () => {
    await gateway?.stop();
    await store?.close();
  });

  it('finds every type by its id, in the order asked, with fields from other subgraphs', async () => {
    const asked = [ids.main, orderId(1), customerId, 'no-such-id', ids.skuA, ids.product];
    const result = await query<{ nodes: Array<Record<string, unknown> | null> }>(
      gateway.url,
      nodeQuery,
      { ids: asked },
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data?.nodes ?? [];
    expect(nodes.map((node) => node?.__typename ?? null)).toEqual([
      'Location',
      'Order',
      'Customer',
      null,
      'ProductVariant',
      'Product',
    ]);
    expect(nodes.map((node) => node?.id ?? null)).toEqual(
      asked.map((id, i) => (i === 3 ? null : id)),
    );
    expect(nodes[1]).toMatchObject({
      name: orderName(1),
      accounting: { paid: expect.any(Boolean) },
    });
    expect(nodes[2]).toMatchObject({ crm: { lifecycleStage: expect.any(String) } });
    expect(nodes[4]).toMatchObject({ sku: 'SKU-A', stock: expect.any(Array) });
  });

  it('answers node(id:) like the typed root field', async () => {
    const result = await query<{ node: unknown; order: unknown }>(
      gateway.url,
      `query ($id: ID!) { node(id: $id) { id ... on Order { name } } order(id: $id) { id name } }`,
      { id: orderId(0) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toEqual(result.data?.order);
  });

  it('hides even the type of an object the caller may not read', async () => {
    const result = await query<{ node: unknown }>(
      gateway.url,
      `query ($id: ID!) { node(id: $id) { __typename } }`,
      { id: orderId(0) },
      credentialFor(['customers:read']),
    );
    expect(result.data?.node).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('prices nodes(ids:) by the number of ids, and refuses more than 250', async () => {
    const three = await query(gateway.url, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [ids.main, ids.skuA, ids.product],
    });
    expect(three.extensions?.cost).toMatchObject({ requestedQueryCost: 3 });
    const many = Array.from({ length: 251 }, (_, i) => `id-${i}`);
    const result = await query(gateway.url, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: many,
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
