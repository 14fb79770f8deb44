import { EntitySchema } from '@mikro-orm/core';
import { sourceProperties, text, timestamp, type SourceRecord } from '../common/columns';

export interface Shipment extends SourceRecord {
  number: string;
  /** The ERP sales order's number (sales_order.number), not the Shopify order name. */
  salesOrderNumber: string;
  postedAt: Date;
}

export const Shipment = new EntitySchema<Shipment>({
  name: 'Shipment',
  tableName: 'shipment',
  properties: {
    ...sourceProperties<Shipment>(),
    number: text(),
    salesOrderNumber: text(),
    postedAt: timestamp(),
  },
  indexes: [{ properties: ['salesOrderNumber'] }],
  uniques: [{ properties: ['sourceId'] }],
});
