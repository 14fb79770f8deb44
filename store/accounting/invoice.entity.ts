import { EntitySchema } from '@mikro-orm/core';
import {
  money,
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  type SourceRecord,
} from '../common/columns';

export interface Invoice extends SourceRecord {
  number: string;
  /** The accounting customer's id (accounting_customer.source_id). */
  customerSourceId: string;
  /** The Shopify order name ("#1001") the invoice bills, when known. */
  orderName: string | null;
  issuedAt: Date;
  currency: string;
  total: string;
  balance: string;
}

export const Invoice = new EntitySchema<Invoice>({
  name: 'Invoice',
  tableName: 'invoice',
  properties: {
    ...sourceProperties<Invoice>(),
    number: text(),
    customerSourceId: text(),
    orderName: textOrNull(),
    issuedAt: timestamp(),
    currency: text(),
    total: money(),
    balance: money(),
  },
  indexes: [{ properties: ['customerSourceId'] }, { properties: ['orderName'] }],
  uniques: [{ properties: ['sourceId'] }],
});
