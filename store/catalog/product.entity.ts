import { EntitySchema } from '@mikro-orm/core';
import {
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  type SourceRecord,
} from '../common/columns';

export interface Product extends SourceRecord {
  title: string;
  handle: string;
  /** ACTIVE | DRAFT | ARCHIVED */
  status: string;
  vendor: string | null;
  productType: string | null;
  createdAt: Date;
}

export const Product = new EntitySchema<Product>({
  name: 'Product',
  tableName: 'product',
  properties: {
    ...sourceProperties<Product>(),
    title: text(),
    handle: text(),
    status: text(),
    vendor: textOrNull(),
    productType: textOrNull(),
    createdAt: timestamp(),
  },
  uniques: [{ properties: ['sourceId'] }],
});
