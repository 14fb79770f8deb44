import { EntitySchema } from '@mikro-orm/core';
import {
  integer,
  sourceProperties,
  text,
  textOrNull,
  uuid,
  type SourceRecord,
} from '../common/columns';

/** Stock of one SKU at one location, as one source reports it. */
export interface InventoryLevel extends SourceRecord {
  source: string;
  variantId: string;
  sku: string;
  /** location.source_id of the same source (Shopify location id, or ERP location code). */
  locationSourceId: string;
  /**
   * product.source_id of the Shopify product that owns the variant, so that deleting the product
   * deletes its levels (not the ERP's, which share the variant id). Null for the ERP.
   */
  productSourceId: string | null;
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
    productSourceId: textOrNull(),
    onHand: integer(),
    available: integer(),
    committed: integer(),
    incoming: integer(),
  },
  indexes: [{ properties: ['variantId'] }, { properties: ['productSourceId'] }],
  uniques: [{ properties: ['source', 'sourceId'] }],
});
