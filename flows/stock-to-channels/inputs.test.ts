import { afterAll, beforeAll, expect, it } from 'vitest';
import { InventoryLevel } from '../../store/catalog/inventory-level.entity';
import { Location } from '../../store/catalog/location.entity';
import { Variant } from '../../store/catalog/variant.entity';
import { SalesOrderLine } from '../../store/erp/sales-order-line.entity';
import { SalesOrder } from '../../store/erp/sales-order.entity';
import { locationId, recordId, variantId } from '../../store/ids';
import { Order } from '../../store/order/order.entity';
import { closeORM, initORM, type Db } from '../../store/orm';
import { describeOnEachDatabase } from '../../test/helpers/databases';
import { readStockInputs } from './inputs';
import { parseLocationMap, type StockSettings } from './settings';

// What the stock flow reads from the store for one variant: the location map, both sides' levels,
// and the units of open Shopify orders the ERP already counts.
const SKU = 'SKU-1';
const at = new Date('2026-12-01T00:00:00Z');
const source = (kind: string, id: string) => ({
  id: recordId(kind.split(':')[0] ?? kind, kind.split(':')[1] ?? kind, id),
  sourceId: id,
  version: 1,
  updatedAt: at,
});

const settings = (reserves = false): StockSettings => ({
  safetyStock: 0,
  locationMap: parseLocationMap('Retail Store=SHOP'),
  erpReservesSalesOrders: reserves,
});

describeOnEachDatabase('stock flow inputs', (open) => {
  let db: Db;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ url, drop } = await open());
    db = await initORM(url, { migrate: true });
    const em = db.orm.em.fork();
    em.create(Variant, {
      id: variantId(SKU),
      sku: SKU,
      sourceId: '11',
      productId: recordId('shopify', 'product', '10'),
      title: 'Mug',
      price: '10.00',
      inventoryItemId: '501',
      version: 1,
    });
    const location = (src: string, id: string, name: string, code: string | null) =>
      em.create(Location, {
        ...source(`${src}:location`, id),
        source: src,
        locationId: locationId(name),
        name,
        code,
      });
    location('shopify', '1', 'Main Warehouse', null);
    location('shopify', '2', 'Retail Store', null);
    location('shopify', '3', 'Pop-up', null);
    location('erp', 'MAIN', 'Main Warehouse', 'MAIN');
    location('erp', 'SHOP', 'Shop Floor', 'SHOP');
    const level = (src: string, at: string, available: number, committed: number) =>
      em.create(InventoryLevel, {
        ...source(`${src}:inventory-level`, `${SKU}:${at}`),
        source: src,
        variantId: variantId(SKU),
        sku: SKU,
        locationSourceId: at,
        productSourceId: src === 'shopify' ? '10' : null,
        onHand: available + committed,
        available,
        committed,
        incoming: 0,
      });
    level('erp', 'MAIN', 10, 0);
    level('erp', 'SHOP', 4, 0);
    level('shopify', '1', 7, 3);
    level('shopify', '2', 1, 0);
    level('shopify', '3', 5, 0);
    // An open Shopify order partly shipped by the ERP, a cancelled one, and an ERP-only order.
    const salesOrder = (id: string, orderName: string, quantity: number, shipped: number) => {
      const row = em.create(SalesOrder, {
        ...source('erp:sales-order', id),
        number: id,
        orderName,
        customerNumber: 'C1',
        status: 'Open',
        orderDate: at,
        total: '1.00',
        currency: 'USD',
      });
      em.create(SalesOrderLine, {
        id: recordId('erp', 'sales-order-line', id),
        salesOrderId: row.id,
        position: 0,
        sku: SKU,
        quantity,
        shippedQuantity: shipped,
        unitPrice: '1.00',
        locationCode: 'MAIN',
      });
    };
    salesOrder('SO1', '#1001', 3, 1);
    salesOrder('SO2', '#1002', 2, 2);
    salesOrder('SO3', 'B2B-7', 5, 5);
    const order = (id: string, name: string, cancelledAt: Date | null) =>
      em.create(Order, {
        ...source('shopify:order', id),
        name,
        email: null,
        customerSourceId: null,
        currency: 'USD',
        totalPrice: '1.00',
        subtotalPrice: '1.00',
        totalTax: '0.00',
        financialStatus: 'paid',
        fulfillmentStatus: null,
        createdAt: at,
        cancelledAt,
      });
    order('1001', '#1001', null);
    order('1002', '#1002', at);
    await em.flush();
  });

  afterAll(async () => {
    await closeORM(url);
    await drop();
  });

  it('maps locations by configuration, else by name, and leaves the unmatched alone', async () => {
    const read = await readStockInputs(db.orm.em.fork(), variantId(SKU), settings());
    if (read.kind !== 'ready') throw new Error(read.reason);
    expect(read.inventoryItemId).toBe('501');
    const byLocation = Object.fromEntries(read.inputs.levels.map((l) => [l.locationId, l]));
    expect(byLocation['1']).toMatchObject({ erpLocation: 'MAIN', erpAvailable: 10, committed: 3 });
    expect(byLocation['2']).toMatchObject({ erpLocation: 'SHOP', erpAvailable: 4 });
    expect(byLocation['3']).toMatchObject({ erpLocation: null, erpAvailable: null });
  });

  it('counts as in the ERP only the shipped units of open Shopify orders, or all with reservations', async () => {
    const shipped = await readStockInputs(db.orm.em.fork(), variantId(SKU), settings());
    const reserved = await readStockInputs(db.orm.em.fork(), variantId(SKU), settings(true));
    if (shipped.kind !== 'ready' || reserved.kind !== 'ready') throw new Error('not ready');
    const main = (r: typeof shipped) => r.inputs.levels.find((l) => l.locationId === '1');
    expect(main(shipped)?.alreadyInErp).toBe(1);
    expect(main(reserved)?.alreadyInErp).toBe(3);
  });

  it('skips a SKU Shopify does not sell and parks one the ERP holds no stock of', async () => {
    const em = db.orm.em.fork();
    expect(await readStockInputs(em, variantId('NOPE'), settings())).toMatchObject({
      kind: 'skipped',
    });
    em.create(Variant, {
      id: variantId('SKU-2'),
      sku: 'SKU-2',
      sourceId: '12',
      productId: recordId('shopify', 'product', '10'),
      title: 'Cup',
      price: '5.00',
      inventoryItemId: '502',
      version: 1,
    });
    await em.flush();
    expect(await readStockInputs(em, variantId('SKU-2'), settings())).toEqual({
      kind: 'parked',
      reason: 'the ERP holds no stock record of SKU-2',
    });
  });
});
