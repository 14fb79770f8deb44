import { EntitySchema } from '@mikro-orm/core';
import { money, sourceProperties, text, timestamp, type SourceRecord } from '../common/columns';

export interface Payment extends SourceRecord {
  customerSourceId: string;
  paidAt: Date;
  amount: string;
  currency: string;
  /** Accounting invoice ids (invoice.source_id) the payment settles. */
  invoiceSourceIds: string[];
}

export const Payment = new EntitySchema<Payment>({
  name: 'Payment',
  tableName: 'payment',
  properties: {
    ...sourceProperties<Payment>(),
    customerSourceId: text(),
    paidAt: timestamp(),
    amount: money(),
    currency: text(),
    invoiceSourceIds: { type: 'json' },
  },
  indexes: [{ properties: ['customerSourceId'] }],
  uniques: [{ properties: ['sourceId'] }],
});
