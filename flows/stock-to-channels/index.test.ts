import { afterAll, beforeAll, expect, it } from 'vitest';
import { InventoryLevel } from '../../store/catalog/inventory-level.entity';
import { Location } from '../../store/catalog/location.entity';
import { Variant } from '../../store/catalog/variant.entity';
import { locationId, recordId, variantId } from '../../store/ids';
import { closeORM, initORM, type Db } from '../../store/orm';
import { ShopifyStockDouble } from '../../test/doubles/shopify/stock';
import { quietLogger } from '../../test/doubles/testkit';
import { describeOnEachDatabase } from '../../test/helpers/databases';
import type { FlowContext } from '../flow';
import { stockToChannels } from '.';

// The stock flow's runs of one variant against Shopify's compare-and-set, the store standing in
// for what the projector has seen so far: Shopify's webhooks come back late, and a refetch shows
// Shopify as it is by then, so the store may never show a value Shopify held for a moment.
const SHOP_LOCATION = 'gid://shopify/Location/1';
const at = new Date('2026-12-01T00:00:00Z');

describeOnEachDatabase('stock flow runs', (open) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
    const em = db.orm.em.fork();
    for (const [source, sourceId, code] of [
      ['shopify', '1', null],
      ['erp', 'MAIN', 'MAIN'],
    ] as const) {
      em.create(Location, {
        id: recordId(source, 'location', sourceId),
        sourceId,
        version: 1,
        updatedAt: at,
        source,
        locationId: locationId('Main Warehouse'),
        name: 'Main Warehouse',
        code,
      });
    }
    await em.flush();
  });

  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  /** A variant stocked at one Shopify location, mapped to one ERP location; Shopify's side empty. */
  async function variant(sku: string, inventoryItemId: string, erpAvailable: number) {
    const em = db.orm.em.fork();
    em.create(Variant, {
      id: variantId(sku),
      sku,
      sourceId: inventoryItemId,
      productId: recordId('shopify', 'product', '10'),
      title: sku,
      price: '10.00',
      inventoryItemId,
      version: 1,
    });
    for (const [source, at] of [
      ['erp', 'MAIN'],
      ['shopify', '1'],
    ] as const) {
      em.create(InventoryLevel, {
        id: recordId(source, 'inventory-level', `${sku}:${at}`),
        sourceId: `${sku}:${at}`,
        version: 1,
        updatedAt: new Date(),
        source,
        variantId: variantId(sku),
        sku,
        locationSourceId: at,
        productSourceId: source === 'shopify' ? '10' : null,
        onHand: source === 'erp' ? erpAvailable : 0,
        available: source === 'erp' ? erpAvailable : 0,
        committed: 0,
        incoming: 0,
      });
    }
    await em.flush();
    const item = `gid://shopify/InventoryItem/${inventoryItemId}`;
    const shopify = new ShopifyStockDouble();
    shopify.set(item, SHOP_LOCATION, 0);
    const flow = stockToChannels({
      inventory: shopify,
      settings: { safetyStock: 0, locationMap: new Map(), erpReservesSalesOrders: false },
    });
    const context = (): FlowContext => ({
      em: db.orm.em.fork(),
      logger: quietLogger(),
      previous: undefined,
      signal: new AbortController().signal,
    });
    /** A newer version of one side's level reaches the store, as the projector writes it. */
    const projected = (
      source: 'erp' | 'shopify',
      version: number,
      quantities: { available: number; committed?: number },
    ) =>
      db.orm.em
        .fork()
        .nativeUpdate(
          InventoryLevel,
          { source, variantId: variantId(sku) },
          { version, committed: 0, ...quantities },
        );
    return {
      shopify,
      item,
      run: () => flow.sync(variantId(sku), context()),
      projected,
    };
  }

  it('writes an ERP receipt that recomputes its last write, once a sale took Shopify back below it', async () => {
    const { shopify, item, run, projected } = await variant('RACE-1', '601', 2);
    expect(await run()).toMatchObject({ state: 'done' });
    expect(shopify.available(item, SHOP_LOCATION)).toBe(2);
    // Two units sell before the write's webhook is handled; its refetch shows Shopify after the
    // sale, so the store never shows the 2 written: 0 available again, 2 committed.
    shopify.sell(item, SHOP_LOCATION, 2);
    await projected('shopify', 3, { available: 0, committed: 2 });
    expect(await run()).toMatchObject({ state: 'unchanged' });
    // The ERP receives 2: Shopify may sell 4 − 2 committed = 2, and shows 0.
    await projected('erp', 2, { available: 4 });
    expect(await run()).toMatchObject({ state: 'done' });
    expect(shopify.available(item, SHOP_LOCATION)).toBe(2);
  });

  it('compares with its own write while the store has not seen it, and writes nothing on its echo', async () => {
    const { shopify, item, run, projected } = await variant('ECHO-1', '602', 2);
    expect(await run()).toMatchObject({ state: 'done' });
    // The ERP receives 3 before the write's webhook is back: the store still shows Shopify at 0.
    await projected('erp', 2, { available: 5 });
    expect(await run()).toMatchObject({ state: 'done' });
    expect(shopify.calls.map((c) => c.quantities[0]?.compareQuantity)).toEqual([0, 2]);
    expect(shopify.available(item, SHOP_LOCATION)).toBe(5);
    // The echo arrives: in line, no call.
    await projected('shopify', 4, { available: 5 });
    expect(await run()).toMatchObject({ state: 'unchanged' });
    expect(shopify.calls).toHaveLength(2);
  });
});
