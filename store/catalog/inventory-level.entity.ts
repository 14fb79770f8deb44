import { EntitySchema } from '@mikro-orm/core';
import { integer, sourceProperties, text, uuid, type SourceRecord } from '../common/columns';

/** Stock of one SKU at one location, as one source reports it. */
export interface InventoryLevel extends SourceRecord {
  source: string;
  variantId: string;
  sku: string;
  /** location.source_id of the same source (Shopify location id, or ERP location code). */
  locationSourceId: string;
  onHand: number;
  available: number;
  committed: number;
  incoming: number;
}

export const InventoryLevel = new EntitySchema<InventoryLevel>({
  name: 'InventoryLevel',
  tableName: 'inventory_level',
  properties: {
    ...sourceProperties<InventoryLevel>(),
    source: text(),
    variantId: uuid(),
    sku: text(),
    locationSourceId: text(),
    onHand: integer(),
    available: integer(),
    committed: integer(),
    incoming: integer(),
  },
  indexes: [{ properties: ['variantId'] }],
  uniques: [{ properties: ['source', 'sourceId'] }],
});
