import { EntitySchema } from '@mikro-orm/core';
import { bigintNumber, text, uuid } from '../common/columns';

/**
 * The last version published per canonical record whose content can change without a newer
 * source version: a customer that identity resolution merges or splits. Publishing bookkeeping,
 * like the outbox: it depends on the order events arrived in, the records it versions do not.
 */
export interface CanonicalVersion {
  id: string;
  entity: string;
  version: number;
}

export const CanonicalVersion = new EntitySchema<CanonicalVersion>({
  name: 'CanonicalVersion',
  tableName: 'canonical_version',
  properties: {
    id: { ...uuid(), primary: true },
    entity: text(),
    version: { type: bigintNumber() },
  },
});
