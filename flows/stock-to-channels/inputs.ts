import type { EntityManager } from '@mikro-orm/knex';
import { InventoryLevel } from '../../store/catalog/inventory-level.entity';
import { Location } from '../../store/catalog/location.entity';
import { Variant } from '../../store/catalog/variant.entity';
import { SalesOrderLine } from '../../store/erp/sales-order-line.entity';
import { SalesOrder } from '../../store/erp/sales-order.entity';
import { normaliseLocationName } from '../../store/ids';
import { Order } from '../../store/order/order.entity';
import type { ShopifyLevelInput, StockInputs } from './decide';
import type { StockSettings } from './settings';

/**
 * Reads what decides one variant's channel stock from the store: the ERP's levels, Shopify's
 * levels (available and committed per location), the location map, and the units of Shopify's
 * open orders the ERP already counts.
 *
 * Units sold on Shopify and not yet in the ERP: Shopify's `committed` at a location holds the
 * units of its open orders not yet fulfilled there. Of those, the ERP already counts the units of
 * the same orders it has shipped (its on-hand fell), and, where its available excludes open sales
 * orders (`erpReservesSalesOrders`), the rest of their lines too. Its sales orders name the
 * Shopify order (externalDocumentNumber = order name); only orders still open and unfulfilled in
 * Shopify count, so a partly fulfilled one is never subtracted twice (that errs towards selling
 * less, never more).
 */
export type ReadResult =
  | {
      kind: 'ready';
      inputs: StockInputs;
      inventoryItemId: string;
      /** The store's version of each Shopify level read, by location id (see WrittenLevels). */
      versions: ReadonlyMap<string, number>;
    }
  | { kind: 'skipped'; reason: string }
  | { kind: 'parked'; reason: string };

export async function readStockInputs(
  em: EntityManager,
  variantId: string,
  settings: StockSettings,
): Promise<ReadResult> {
  const variant = await em.findOne(Variant, { id: variantId });
  if (!variant) return { kind: 'skipped', reason: 'no Shopify variant has this SKU' };
  const levels = await em.find(InventoryLevel, { variantId });
  const erp = levels.filter((l) => l.source === 'erp');
  const shopify = levels.filter((l) => l.source === 'shopify');
  if (erp.length === 0) {
    return { kind: 'parked', reason: `the ERP holds no stock record of ${variant.sku}` };
  }
  if (shopify.length === 0) {
    return { kind: 'skipped', reason: `${variant.sku} is stocked at no Shopify location` };
  }
  const erpLocationOf = await locationMap(em, settings);
  const erpAvailable = new Map(erp.map((l) => [l.locationSourceId, l.available]));
  const inErp = await unitsAlreadyInErp(em, variant.sku, settings.erpReservesSalesOrders);
  const inputs: ShopifyLevelInput[] = shopify.map((level) => {
    const erpLocation = erpLocationOf.get(level.locationSourceId) ?? null;
    return {
      locationId: level.locationSourceId,
      available: level.available,
      committed: level.committed,
      erpLocation,
      erpAvailable: erpLocation === null ? null : (erpAvailable.get(erpLocation) ?? null),
      alreadyInErp: erpLocation === null ? 0 : (inErp.get(erpLocation) ?? 0),
    };
  });
  return {
    kind: 'ready',
    inputs: { sku: variant.sku, safetyStock: settings.safetyStock, levels: inputs },
    inventoryItemId: variant.inventoryItemId,
    versions: new Map(shopify.map((level) => [level.locationSourceId, level.version])),
  };
}

/**
 * Shopify location id → ERP location code: by `FLOWS_LOCATION_MAP` (an ERP code or name), else
 * the ERP location of the same name. A target the ERP does not know maps to nothing: a typo must
 * not set a channel to 0.
 */
async function locationMap(
  em: EntityManager,
  settings: StockSettings,
): Promise<Map<string, string>> {
  const locations = await em.find(Location, {});
  const erp = locations.filter((l) => l.source === 'erp');
  const byCode = new Map(erp.map((l) => [l.code ?? l.sourceId, l.code ?? l.sourceId]));
  const byName = new Map(erp.map((l) => [normaliseLocationName(l.name), l.code ?? l.sourceId]));
  const map = new Map<string, string>();
  for (const location of locations) {
    if (location.source !== 'shopify') continue;
    const name = normaliseLocationName(location.name);
    const configured = settings.locationMap.get(name);
    const code =
      configured === undefined
        ? byName.get(name)
        : (byCode.get(configured) ?? byName.get(normaliseLocationName(configured)));
    if (code !== undefined) map.set(location.sourceId, code);
  }
  return map;
}

/** ERP location code → units of open Shopify orders of this SKU the ERP's available reflects. */
async function unitsAlreadyInErp(
  em: EntityManager,
  sku: string,
  reserves: boolean,
): Promise<Map<string, number>> {
  const lines = await em.find(SalesOrderLine, { sku });
  const units = new Map<string, number>();
  if (lines.length === 0) return units;
  const salesOrders = await em.find(SalesOrder, {
    id: { $in: [...new Set(lines.map((l) => l.salesOrderId))] },
    orderName: { $ne: null },
  });
  const names = [...new Set(salesOrders.flatMap((o) => (o.orderName ? [o.orderName] : [])))];
  const open = await em.find(
    Order,
    { name: { $in: names }, cancelledAt: null, fulfillmentStatus: null },
    { fields: ['name'] },
  );
  const openNames = new Set(open.map((o) => o.name));
  const forShopify = new Set(
    salesOrders.filter((o) => o.orderName && openNames.has(o.orderName)).map((o) => o.id),
  );
  for (const line of lines) {
    if (!forShopify.has(line.salesOrderId) || line.locationCode === null) continue;
    const counted = reserves ? line.quantity : line.shippedQuantity;
    units.set(line.locationCode, (units.get(line.locationCode) ?? 0) + counted);
  }
  return units;
}
