import { EntitySchema } from '@mikro-orm/core';
import {
  money,
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  type SourceRecord,
} from '../common/columns';

/** An ERP sales order; `orderName` is the Shopify order name it fulfils (externalDocumentNumber). */
export interface SalesOrder extends SourceRecord {
  number: string;
  orderName: string | null;
  customerNumber: string;
  status: string;
  orderDate: Date;
  total: string;
  currency: string;
}

export const SalesOrder = new EntitySchema<SalesOrder>({
  name: 'SalesOrder',
  tableName: 'sales_order',
  properties: {
    ...sourceProperties<SalesOrder>(),
    number: text(),
    orderName: textOrNull(),
    customerNumber: text(),
    status: text(),
    orderDate: timestamp(),
    total: money(),
    currency: text(),
  },
  indexes: [{ properties: ['orderName'] }, { properties: ['number'] }],
  uniques: [{ properties: ['sourceId'] }],
});
