import { EntitySchema } from '@mikro-orm/core';
import { sourceProperties, text, textOrNull, type SourceRecord } from '../common/columns';

export interface CrmCompany extends SourceRecord {
  name: string;
  domain: string | null;
}

export const CrmCompany = new EntitySchema<CrmCompany>({
  name: 'CrmCompany',
  tableName: 'crm_company',
  properties: {
    ...sourceProperties<CrmCompany>(),
    name: text(),
    domain: textOrNull(),
  },
  uniques: [{ properties: ['sourceId'] }],
});
