import { EntitySchema } from '@mikro-orm/core';
import { sourceProperties, text, textOrNull, uuid, type SourceRecord } from '../common/columns';

/** A Shopify location or an ERP warehouse; both map to one canonical `locationId` by name. */
export interface Location extends SourceRecord {
  source: string;
  /** locationId(name): the canonical location shared across sources. */
  locationId: string;
  name: string;
  /** The ERP location code; null for Shopify locations. */
  code: string | null;
}

export const Location = new EntitySchema<Location>({
  name: 'Location',
  tableName: 'location',
  properties: {
    ...sourceProperties<Location>(),
    source: text(),
    locationId: uuid(),
    name: text(),
    code: textOrNull(),
  },
  indexes: [{ properties: ['locationId'] }],
  uniques: [{ properties: ['source', 'sourceId'] }],
});
