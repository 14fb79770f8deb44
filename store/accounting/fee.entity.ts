import { EntitySchema } from '@mikro-orm/core';
import {
  money,
  sourceProperties,
  text,
  textOrNull,
  timestamp,
  type SourceRecord,
} from '../common/columns';

/** Payment-processing fees: the Debit lines on a "fee" account of one journal entry, summed. */
export interface Fee extends SourceRecord {
  orderName: string | null;
  postedAt: Date;
  amount: string;
  currency: string;
  description: string | null;
}

export const Fee = new EntitySchema<Fee>({
  name: 'Fee',
  tableName: 'fee',
  properties: {
    ...sourceProperties<Fee>(),
    orderName: textOrNull(),
    postedAt: timestamp(),
    amount: money(),
    currency: text(),
    description: textOrNull(),
  },
  indexes: [{ properties: ['orderName'] }],
  uniques: [{ properties: ['sourceId'] }],
});
