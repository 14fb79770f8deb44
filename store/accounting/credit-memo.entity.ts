import { EntitySchema } from '@mikro-orm/core';
import {
  money,
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  type SourceRecord,
} from '../common/columns';

export interface CreditMemo extends SourceRecord {
  number: string;
  customerSourceId: string;
  orderName: string | null;
  issuedAt: Date;
  amount: string;
  currency: string;
}

export const CreditMemo = new EntitySchema<CreditMemo>({
  name: 'CreditMemo',
  tableName: 'credit_memo',
  properties: {
    ...sourceProperties<CreditMemo>(),
    number: text(),
    customerSourceId: text(),
    orderName: textOrNull(),
    issuedAt: timestamp(),
    amount: money(),
    currency: text(),
  },
  indexes: [{ properties: ['orderName'] }, { properties: ['customerSourceId'] }],
  uniques: [{ properties: ['sourceId'] }],
});
