import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventMaker } from '../../../demo/events';
import type { ShopifyInventoryLevel } from '../../../schema/events';
import {
  erpInventoryLevel,
  shopifyInventoryLevel,
  shopifyProduct,
} from '../../../schema/events/examples';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { decodeOutboxRow, isOutboxRef } from '../../outbox/batch';
import { Changes } from '../changes';
import { StoreSink } from '../sink';
import { erpMappers } from './erp';
import { shopifyMappers } from './shopify';

const events = new EventMaker(() => crypto.randomUUID());

/** The same SKU at another location, and a level of another product. */
const otherLocation: ShopifyInventoryLevel = {
  ...shopifyInventoryLevel,
  id: `${shopifyInventoryLevel.inventoryItemId}:99`,
  locationId: '99',
};
const otherProduct: ShopifyInventoryLevel = {
  ...shopifyInventoryLevel,
  id: '77:99',
  inventoryItemId: '77',
  sku: 'PLX-OTHER',
  productId: '8012345678999',
};
const { productId: _unused, ...withoutProduct } = shopifyInventoryLevel;
/** As a producer that predates `productId` sends it: kept when the product goes. */
const unowned: ShopifyInventoryLevel = { ...withoutProduct, id: '78:99', inventoryItemId: '78' };

describe('Shopify inventory levels and their product', () => {
  it('gives Shopify and ERP level rows the same columns, the product only on Shopify’s', () => {
    const changes = new Changes();
    shopifyMappers['inventory-level']?.upsert(
      events.upsert('shopify', 'inventory-level', shopifyInventoryLevel),
      changes,
    );
    erpMappers['inventory-level']?.upsert(
      events.upsert('erp', 'inventory-level', erpInventoryLevel),
      changes,
    );
    const rows = [...(changes.upserts.get('InventoryLevel')?.values() ?? [])];
    expect(rows.map((r) => [r.source, r.productSourceId])).toEqual([
      ['shopify', shopifyProduct.id],
      ['erp', null],
    ]);
    // A batch's upsert takes its columns from its first row, whichever source that is.
    const [shopify, erp] = rows.map((r) => Object.keys(r).sort());
    expect(erp).toEqual(shopify);
  });

  it('replaces the deleted product’s levels with nothing', () => {
    const changes = new Changes();
    shopifyMappers.product?.remove(
      events.remove('shopify', 'product', shopifyProduct.id, Date.now()),
      changes,
    );
    expect(changes.children.get('InventoryLevel')).toEqual({
      parentProperty: 'productSourceId',
      parentIds: new Set([shopifyProduct.id]),
      rows: [],
    });
  });
});

describe('a Shopify product delete in the store (SQLite)', () => {
  const url = 'sqlite://:memory:';
  let db: Db;
  let sink: StoreSink;

  beforeEach(async () => {
    db = await initORM(url, { migrate: true });
    sink = new StoreSink(db.orm, 'plexus');
  });

  afterEach(async () => {
    await closeORM(url);
  });

  const levels = () =>
    db.orm.em
      .getConnection()
      .execute<Array<{ source: string; source_id: string; product_source_id: string | null }>>(
        'select source, source_id, product_source_id from inventory_level order by source, source_id',
      );

  it('deletes its Shopify levels and keeps the ERP’s levels of the same SKUs', async () => {
    await sink.apply([
      events.upsert('shopify', 'product', shopifyProduct),
      events.upsert('erp', 'inventory-level', erpInventoryLevel),
      ...[shopifyInventoryLevel, otherLocation, otherProduct, unowned].map((level) =>
        events.upsert('shopify', 'inventory-level', level),
      ),
    ]);
    expect(await levels()).toEqual([
      { source: 'erp', source_id: erpInventoryLevel.id, product_source_id: null },
      {
        source: 'shopify',
        source_id: shopifyInventoryLevel.id,
        product_source_id: '8012345678901',
      },
      { source: 'shopify', source_id: otherLocation.id, product_source_id: '8012345678901' },
      { source: 'shopify', source_id: otherProduct.id, product_source_id: '8012345678999' },
      { source: 'shopify', source_id: unowned.id, product_source_id: null },
    ]);

    await sink.apply([events.remove('shopify', 'product', shopifyProduct.id, Date.now())]);
    expect((await levels()).map((l) => `${l.source}:${l.source_id}`)).toEqual([
      `erp:${erpInventoryLevel.id}`,
      `shopify:${otherProduct.id}`,
      `shopify:${unowned.id}`,
    ]);
    const variants = await db.orm.em
      .getConnection()
      .execute<Array<{ n: number }>>('select count(*) as n from variant');
    expect(Number(variants[0]?.n)).toBe(0);
  });

  const outboxLevels = async () =>
    (
      await db.orm.em
        .getConnection()
        .execute<Array<{ messages: string }>>('select messages from outbox order by id')
    )
      .flatMap((row) => decodeOutboxRow(row.messages))
      .filter((item) => isOutboxRef(item) && item.entity === 'inventory-level').length;

  it('does not let a level that arrives after its product’s delete bring it back', async () => {
    await sink.apply([events.upsert('shopify', 'product', shopifyProduct)]);
    await sink.apply([events.remove('shopify', 'product', shopifyProduct.id, Date.now())]);
    const published = await outboxLevels();
    // A later batch, then the same batch as the delete of another product.
    await sink.apply([events.upsert('shopify', 'inventory-level', shopifyInventoryLevel)]);
    await sink.apply([
      events.upsert('shopify', 'product', { ...shopifyProduct, id: otherProduct.productId ?? '' }),
    ]);
    await sink.apply([
      events.remove('shopify', 'product', otherProduct.productId ?? '', Date.now()),
      events.upsert('shopify', 'inventory-level', otherProduct),
      events.upsert('shopify', 'inventory-level', unowned),
    ]);
    expect((await levels()).map((l) => l.source_id)).toEqual([unowned.id]);
    // Neither dropped level reached the canonical topics; the kept one did.
    expect((await outboxLevels()) - published).toBe(1);
  });
});
