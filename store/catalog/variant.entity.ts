import { EntitySchema } from '@mikro-orm/core';
import { bigintNumber, money, text, uuid } from '../common/columns';

/**
 * The canonical variant, keyed by SKU so that Shopify variants, ERP items, order lines and
 * inventory levels all meet on it. Written from Shopify products.
 */
export interface Variant {
  /** variantId(sku) */
  id: string;
  /** Normalised (trimmed, upper-cased). */
  sku: string;
  sourceId: string;
  productId: string;
  title: string;
  price: string;
  inventoryItemId: string;
  /** The version of the product event that last wrote this variant. */
  version: number;
}

export const Variant = new EntitySchema<Variant>({
  name: 'Variant',
  tableName: 'variant',
  properties: {
    id: { ...uuid(), primary: true },
    sku: { ...text(), unique: true },
    sourceId: text(),
    productId: uuid(),
    title: text(),
    price: money(),
    inventoryItemId: text(),
    version: { type: bigintNumber() },
  },
  indexes: [{ properties: ['productId'] }],
});
