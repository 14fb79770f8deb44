import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { at, gql } from './testing';

let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({
    port: 0,
    orders: 300,
    customers: 50,
    products: 20,
    // Long enough that the second run lands while the first is still RUNNING on a loaded machine
    // (at 300 ms it sometimes had finished), short enough for poll()'s budget.
    bulkDelayMs: 1500,
  });
});
afterAll(async () => {
  await sb.close();
});

const run = `mutation($q: String!) { bulkOperationRunQuery(query: $q) {
  bulkOperation { id status } userErrors { code field message } } }`;

async function poll(id: string) {
  for (let i = 0; i < 100; i += 1) {
    const res = await gql(
      sb,
      `query($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url } } }`,
      { id },
    );
    const op = at<Record<string, string | null>>(res.body.data, 'node');
    if (op.status === 'COMPLETED' || op.status === 'FAILED') return op;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('bulk operation did not finish');
}

describe('Shopify sandbox: bulk operations', () => {
  it('runs a nested query and serves JSONL whose nested rows carry __parentId', async () => {
    const query = `{ orders(query: "updated_at:>'2000-01-01T00:00:00Z'") { edges { node { id name
      totalPriceSet { shopMoney { amount } } lineItems { edges { node { id sku quantity } } } } } } }`;
    const started = await gql(sb, run, { q: query });
    expect(at(started.body.data, 'bulkOperationRunQuery.userErrors')).toEqual([]);
    const id = at<string>(started.body.data, 'bulkOperationRunQuery.bulkOperation.id');
    expect(id).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);
    expect(at(started.body.data, 'bulkOperationRunQuery.bulkOperation.status')).toBe('CREATED');

    const busy = await gql(sb, run, { q: query });
    expect(at(busy.body.data, 'bulkOperationRunQuery.userErrors.0.code')).toBe(
      'OPERATION_IN_PROGRESS',
    );

    const op = await poll(id);
    expect(op.status).toBe('COMPLETED');
    const current = await gql(sb, '{ currentBulkOperation { id status url } }');
    expect(at(current.body.data, 'currentBulkOperation.id')).toBe(id);

    const text = await (await fetch(String(op.url))).text();
    const rows = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const orders = rows.filter((r) => r.__parentId === undefined);
    const lines = rows.filter((r) => r.__parentId !== undefined);
    const lineCount = [...sb.store.orders.values()].reduce((n, o) => n + o.lineItems.length, 0);
    expect(orders).toHaveLength(sb.store.orders.size);
    expect(lines).toHaveLength(lineCount);
    expect(op.objectCount).toBe(String(rows.length));
    expect(op.rootObjectCount).toBe(String(orders.length));
    expect(orders[0]).not.toHaveProperty('lineItems');
    // Every child follows its parent, and points at it.
    const seen = new Set<unknown>();
    for (const row of rows) {
      if (row.__parentId !== undefined) expect(seen.has(row.__parentId)).toBe(true);
      else seen.add(row.id);
    }
  });

  it('refuses more than 5 connections, nesting deeper than 2, and a parent without id', async () => {
    const six = `{ a: products { edges { node { id } } } b: products { edges { node { id } } }
      c: products { edges { node { id } } } d: products { edges { node { id } } }
      e: products { edges { node { id } } } f: products { edges { node { id } } } }`;
    const deep = `{ products { edges { node { id variants { edges { node { id inventoryItem {
      inventoryLevels { edges { node { id } } } } } } } } } } }`;
    const noId = '{ products { edges { node { title variants { edges { node { id } } } } } } }';
    for (const [q, text] of [
      [six, 'more than 5 connections'],
      [deep, 'nesting depth greater than 2'],
      [noId, "must select the 'id' field"],
    ] as const) {
      const res = await gql(sb, run, { q });
      expect(at(res.body.data, 'bulkOperationRunQuery.bulkOperation')).toBeNull();
      expect(at<string>(res.body.data, 'bulkOperationRunQuery.userErrors.0.message')).toContain(
        text,
      );
    }
  });
});
