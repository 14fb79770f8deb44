import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { buildOrder, fulfil } from './seed';
import { placeOrder, releaseFulfilled, restockCancelled } from './stock';
import type { InventoryLevel, Order, Variant } from './store';
import { createRng } from '../toolkit/random';
import { at, gql } from './testing';

// Stock as Shopify keeps it: orders commit units and are refused for DENY variants when short;
// inventorySetQuantities is compare-and-set, capped at 250 quantities, costs 10 and sends a webhook.
let sb: ShopifySandbox;
let receiver: Receiver;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 10, customers: 5, products: 20, seed: 11 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

const setMutation = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
  inventoryAdjustmentGroup { id reason referenceDocumentUri } userErrors { code field message } } }`;

function variantWith(policy: Variant['inventoryPolicy']): Variant {
  const variant = [...sb.store.variants.values()].find((v) => v.inventoryPolicy === policy);
  if (!variant) throw new Error(`no ${policy} variant`);
  return variant;
}

function levelsOf(variant: Variant): InventoryLevel[] {
  return sb.store.levelsOfItem(variant.inventoryItemId);
}

function orderOf(variant: Variant, quantity: number): Order {
  const order = buildOrder(sb.store, createRng(1), null, sb.store.stamp(), 'USD', [variant]);
  order.lineItems = order.lineItems.slice(0, 1).map((line) => ({ ...line, quantity }));
  return order;
}

function setAll(variant: Variant, available: number): void {
  for (const level of levelsOf(variant)) sb.store.setQuantity(level, 'available', available);
}

const sum = (levels: InventoryLevel[], name: 'available' | 'committed' | 'on_hand') =>
  levels.reduce((total, l) => total + l.quantities[name], 0);

describe('Shopify sandbox: orders and stock', () => {
  it('commits an order’s units and refuses a DENY variant beyond its stock, changing nothing', () => {
    const variant = variantWith('DENY');
    setAll(variant, 2);
    const levels = levelsOf(variant);
    const before = sb.store.orders.size;
    // Split across locations: one holds 2, the order wants 3.
    const placed = placeOrder(sb.store, orderOf(variant, 3));
    if (!('order' in placed)) throw new Error(placed.refused);
    expect(placed.order.lineItems[0]?.stockFrom).toHaveLength(2);
    expect(sum(levels, 'committed')).toBe(3);
    expect(sum(levels, 'available')).toBe(2 * levels.length - 3);
    expect(sum(levels, 'on_hand')).toBe(2 * levels.length);
    const tooMany = placeOrder(sb.store, orderOf(variant, 2 * levels.length));
    expect(tooMany).toEqual({ refused: expect.stringContaining(variant.sku) });
    expect(sb.store.orders.size).toBe(before + 1);
    expect(sum(levels, 'committed')).toBe(3);
  });

  it('sells a CONTINUE variant beyond its stock', () => {
    const variant = variantWith('CONTINUE');
    setAll(variant, 0);
    const placed = placeOrder(sb.store, orderOf(variant, 4));
    expect('order' in placed).toBe(true);
    expect(levelsOf(variant)[0]?.quantities.available).toBe(-4);
  });

  it('takes fulfilled units off on_hand and restocks a cancelled order', () => {
    const variant = variantWith('DENY');
    setAll(variant, 5);
    const levels = levelsOf(variant);
    const committed = sum(levels, 'committed');
    const shipped = placeOrder(sb.store, orderOf(variant, 2));
    const cancelled = placeOrder(sb.store, orderOf(variant, 1));
    if (!('order' in shipped) || !('order' in cancelled)) throw new Error('refused');
    fulfil(sb.store, createRng(2), shipped.order, sb.store.stamp());
    releaseFulfilled(sb.store, shipped.order);
    restockCancelled(sb.store, cancelled.order);
    expect(sum(levels, 'committed')).toBe(committed);
    expect(sum(levels, 'available')).toBe(5 * levels.length - 2);
    expect(sum(levels, 'on_hand')).toBe(5 * levels.length - 2 + committed);
  });

  it('serves inventoryPolicy, and available and committed per location', async () => {
    const variant = variantWith('DENY');
    const answer = await gql(
      sb,
      `query($id: ID!) { inventoryItem(id: $id) { variant { inventoryPolicy }
        inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available", "committed"]) { name quantity } } } } }`,
      { id: `gid://shopify/InventoryItem/${variant.inventoryItemId}` },
    );
    expect(at(answer.body.data, 'inventoryItem.variant.inventoryPolicy')).toBe('DENY');
    const nodes = at<{ quantities: { name: string; quantity: number }[] }[]>(
      answer.body.data,
      'inventoryItem.inventoryLevels.nodes',
    );
    expect(nodes.map((n) => n.quantities.map((q) => q.quantity))).toEqual(
      levelsOf(variant).map((l) => [l.quantities.available, l.quantities.committed]),
    );
  });
});

describe('Shopify sandbox: inventorySetQuantities', () => {
  it('costs 10 points and sends inventory_levels/update for each level it changed', async () => {
    sb.webhooks.subscribe('INVENTORY_LEVELS_UPDATE', receiver.url, {});
    const variant = variantWith('DENY');
    const levels = levelsOf(variant).slice(0, 2);
    const quantities = levels.map((level) => ({
      inventoryItemId: `gid://shopify/InventoryItem/${level.inventoryItemId}`,
      locationId: `gid://shopify/Location/${level.locationId}`,
      quantity: level.quantities.available + 7,
      compareQuantity: level.quantities.available,
    }));
    const answer = await gql(sb, setMutation, {
      input: {
        name: 'available',
        reason: 'correction',
        referenceDocumentUri: 'plexus://erp/stock/1',
        quantities,
      },
    });
    expect(at(answer.body.data, 'inventorySetQuantities.userErrors')).toEqual([]);
    expect(
      at(answer.body.data, 'inventorySetQuantities.inventoryAdjustmentGroup.referenceDocumentUri'),
    ).toBe('plexus://erp/stock/1');
    expect(answer.body.extensions?.cost.requestedQueryCost).toBe(10);
    expect(answer.body.extensions?.cost.actualQueryCost).toBe(10);
    const hooks = await receiver.waitFor(2);
    const bodies = hooks.map((h) => JSON.parse(h.rawBody) as Record<string, unknown>);
    expect(bodies).toEqual(
      expect.arrayContaining(
        levels.map((l) =>
          expect.objectContaining({
            inventory_item_id: l.inventoryItemId,
            location_id: l.locationId,
            available: l.quantities.available,
          }),
        ),
      ),
    );
    expect(hooks.map((h) => h.headers['x-shopify-topic'])).toEqual([
      'inventory_levels/update',
      'inventory_levels/update',
    ]);
  });

  it('refuses more than 250 quantities as Shopify does, with a top-level error', async () => {
    const level = [...sb.store.inventoryLevels.values()][0];
    if (!level) throw new Error('no level');
    const quantities = Array.from({ length: 251 }, () => ({
      inventoryItemId: `gid://shopify/InventoryItem/${level.inventoryItemId}`,
      locationId: `gid://shopify/Location/${level.locationId}`,
      quantity: 1,
      compareQuantity: level.quantities.available,
    }));
    const before = level.quantities.available;
    const answer = await gql(sb, setMutation, {
      input: { name: 'available', reason: 'correction', quantities },
    });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: 'The input array size of 251 is greater than the maximum allowed of 250.',
        extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
      }),
    ]);
    expect(level.quantities.available).toBe(before);
  });
});
