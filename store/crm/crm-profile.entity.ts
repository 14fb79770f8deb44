import { EntitySchema } from '@mikro-orm/core';
import {
  sourceProperties,
  textOrNull,
  timestampOrNull,
  type SourceRecord,
} from '../common/columns';

/** The CRM-only facts about a contact; its id is the contact's identity id. */
export interface CrmProfile extends SourceRecord {
  lifecycleStage: string | null;
  leadStatus: string | null;
  ownerEmail: string | null;
  companySourceId: string | null;
  marketingConsent: boolean;
  lastActivityAt: Date | null;
}

export const CrmProfile = new EntitySchema<CrmProfile>({
  name: 'CrmProfile',
  tableName: 'crm_profile',
  properties: {
    ...sourceProperties<CrmProfile>(),
    lifecycleStage: textOrNull(),
    leadStatus: textOrNull(),
    ownerEmail: textOrNull(),
    companySourceId: textOrNull(),
    marketingConsent: { type: 'boolean' },
    lastActivityAt: timestampOrNull(),
  },
  indexes: [{ properties: ['companySourceId'] }],
  uniques: [{ properties: ['sourceId'] }],
});
