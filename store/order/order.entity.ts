import { EntitySchema } from '@mikro-orm/core';
import {
  money,
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  timestampOrNull,
  type SourceRecord,
} from '../common/columns';

/** A Shopify order; its lines, refunds, transactions and fulfillments are child tables. */
export interface Order extends SourceRecord {
  /** "#1001": what the ERP and the accounting system call it (externalDocumentNumber, orderName). */
  name: string;
  email: string | null;
  customerSourceId: string | null;
  currency: string;
  totalPrice: string;
  subtotalPrice: string;
  totalTax: string;
  financialStatus: string;
  fulfillmentStatus: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
}

export const Order = new EntitySchema<Order>({
  name: 'Order',
  // ORDER is a reserved word in SQL.
  tableName: 'orders',
  properties: {
    ...sourceProperties<Order>(),
    name: text(),
    email: textOrNull(),
    customerSourceId: textOrNull(),
    currency: text(),
    totalPrice: money(),
    subtotalPrice: money(),
    totalTax: money(),
    financialStatus: text(),
    fulfillmentStatus: textOrNull(),
    createdAt: timestamp(),
    cancelledAt: timestampOrNull(),
  },
  indexes: [
    { properties: ['customerSourceId'] },
    { properties: ['name'] },
    { properties: ['updatedAt'] },
  ],
  uniques: [{ properties: ['sourceId'] }],
});
