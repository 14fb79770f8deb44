import { EntitySchema } from '@mikro-orm/core';
import {
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  type SourceRecord,
} from '../common/columns';

export interface Shipment extends SourceRecord {
  number: string;
  /** The ERP sales order's number (sales_order.number), not the Shopify order name. */
  salesOrderNumber: string;
  postedAt: Date;
  /** Only where the ERP exposes tracking (a custom API page): the standard page has none. */
  trackingNumber: string | null;
  trackingCompany: string | null;
  trackingUrl: string | null;
}

export const Shipment = new EntitySchema<Shipment>({
  name: 'Shipment',
  tableName: 'shipment',
  properties: {
    ...sourceProperties<Shipment>(),
    number: text(),
    salesOrderNumber: text(),
    postedAt: timestamp(),
    trackingNumber: textOrNull(),
    trackingCompany: textOrNull(),
    trackingUrl: textOrNull(),
  },
  indexes: [{ properties: ['salesOrderNumber'] }],
  uniques: [{ properties: ['sourceId'] }],
});
