import type { PrimaryKeyProp } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { bigintNumber, text, uuid } from '../common/columns';

/**
 * The projector's book: the newest version applied per source record. An event whose version is
 * not above it is stale. Deletes leave a tombstone here so a late upsert cannot resurrect a row.
 */
export interface AppliedVersion {
  [PrimaryKeyProp]?: ['source', 'entity', 'sourceId'];
  source: string;
  entity: string;
  sourceId: string;
  version: number;
  eventId: string;
  deleted: boolean;
}

export const AppliedVersion = new EntitySchema<AppliedVersion>({
  name: 'AppliedVersion',
  tableName: 'applied_version',
  properties: {
    source: { ...text(), primary: true },
    entity: { ...text(), primary: true },
    sourceId: { ...text(), primary: true },
    version: { type: bigintNumber() },
    eventId: uuid(),
    deleted: { type: 'boolean' },
  },
});
