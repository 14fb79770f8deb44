import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from '../../sandbox/shopify';
import { referenceSchemaFile } from '../../sandbox/shopify/testing';
import { sandboxConfig } from '../../test/doubles/shopify/sandbox-config';
import { quietLogger } from '../../test/doubles/testkit';
import { createShopifyClient, type ShopifyClient } from './client';
import {
  INVENTORY_ITEM_LEVELS_QUERY,
  INVENTORY_SET_QUANTITIES,
  ShopifyInventory,
  type QuantityWrite,
} from './inventory';

// The stock writes against the sandbox over HTTP, and their documents against Shopify's schema.
let sb: ShopifySandbox;
let client: ShopifyClient;
let inventory: ShopifyInventory;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, customers: 2, orders: 1, products: 3, seed: 5 });
  client = createShopifyClient({ config: sandboxConfig(sb), logger: quietLogger() });
  inventory = new ShopifyInventory(client);
});
afterAll(() => sb.close());

function firstLevels(count: number) {
  const levels = [...sb.store.inventoryLevels.values()].slice(0, count);
  const writes: QuantityWrite[] = levels.map((l) => ({
    inventoryItemId: `gid://shopify/InventoryItem/${l.inventoryItemId}`,
    locationId: `gid://shopify/Location/${l.locationId}`,
    quantity: l.quantities.available + 3,
    compareQuantity: l.quantities.available,
  }));
  return { levels, writes };
}

describe.skipIf(!existsSync(referenceSchemaFile))(
  "inventory documents against Shopify's schema",
  () => {
    it('validate against 2025-01', () => {
      const json = JSON.parse(gunzipSync(readFileSync(referenceSchemaFile)).toString('utf8')) as {
        data: Parameters<typeof buildClientSchema>[0];
      };
      const schema = buildClientSchema(json.data);
      for (const doc of [INVENTORY_SET_QUANTITIES, INVENTORY_ITEM_LEVELS_QUERY]) {
        expect(validate(schema, parse(doc)).map((e) => e.message)).toEqual([]);
      }
    });
  },
);

describe('ShopifyInventory', () => {
  it('sets available by compare-and-set, and spends a mutation’s 10 points', async () => {
    const { levels, writes } = firstLevels(2);
    const spent = client.stats.actualCost;
    const result = await inventory.setAvailable({
      reason: 'correction',
      referenceDocumentUri: 'plexus://test/1',
      quantities: writes,
    });
    expect(result).toEqual({ applied: true, adjustmentGroupId: expect.stringMatching(/^gid:/) });
    expect(levels.map((l) => l.quantities.available)).toEqual(writes.map((w) => w.quantity));
    expect(client.stats.actualCost - spent).toBe(10);
  });

  it('names the stale quantities and writes none of them', async () => {
    const { levels, writes } = firstLevels(3);
    const stale = writes.map((w, i) => (i === 1 ? { ...w, compareQuantity: -99 } : w));
    const before = levels.map((l) => l.quantities.available);
    const result = await inventory.setAvailable({
      reason: 'correction',
      referenceDocumentUri: 'plexus://test/2',
      quantities: stale,
    });
    expect(result).toEqual({ applied: false, stale: [1], refusals: [] });
    expect(levels.map((l) => l.quantities.available)).toEqual(before);
  });

  it('passes other refusals on with Shopify’s words', async () => {
    const { writes } = firstLevels(1);
    const result = await inventory.setAvailable({
      reason: 'not-a-reason',
      referenceDocumentUri: 'plexus://test/3',
      quantities: writes,
    });
    expect(result).toMatchObject({
      applied: false,
      refusals: [{ code: 'INVALID_REASON', message: 'The specified reason is invalid.' }],
    });
  });

  it('refuses more than 250 quantities before calling', async () => {
    const { writes } = firstLevels(1);
    const many = Array.from({ length: 251 }, () => writes[0] as QuantityWrite);
    await expect(
      inventory.setAvailable({
        reason: 'correction',
        referenceDocumentUri: 'x:y',
        quantities: many,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('reads available and committed of an item at each location', async () => {
    const { levels } = firstLevels(1);
    const item = levels[0]?.inventoryItemId;
    const readings = await inventory.readLevels(`gid://shopify/InventoryItem/${item}`);
    expect(readings).toEqual(
      sb.store.levelsOfItem(item ?? -1).map((l) => ({
        locationId: `gid://shopify/Location/${l.locationId}`,
        available: l.quantities.available,
        committed: l.quantities.committed,
      })),
    );
    expect(await inventory.readLevels('gid://shopify/InventoryItem/1')).toEqual([]);
  });
});
