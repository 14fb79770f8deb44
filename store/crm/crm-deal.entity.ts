import { EntitySchema } from '@mikro-orm/core';
import {
  money,
  sourceProperties,
  text,
  textOrNull,
  timestampOrNull,
  type SourceRecord,
} from '../common/columns';

export interface CrmDeal extends SourceRecord {
  name: string;
  amount: string;
  currency: string;
  stage: string;
  pipeline: string | null;
  closeDate: Date | null;
  /** CRM contact ids, matched against customer_identity.source_id where source = 'crm'. */
  contactSourceIds: string[];
}

export const CrmDeal = new EntitySchema<CrmDeal>({
  name: 'CrmDeal',
  tableName: 'crm_deal',
  properties: {
    ...sourceProperties<CrmDeal>(),
    name: text(),
    amount: money(),
    currency: text(),
    stage: text(),
    pipeline: textOrNull(),
    closeDate: timestampOrNull(),
    contactSourceIds: { type: 'json' },
  },
  uniques: [{ properties: ['sourceId'] }],
});
