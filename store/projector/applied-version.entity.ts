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
  /**
   * A digest of the applied event's payload. A re-read of a record at the version already applied
   * (a connector's poll after an outage) carries a new eventId; only a different payload may then
   * win the tie, or the projector would publish the same record again for nothing.
   */
  contentHash?: string;
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
    contentHash: { ...text(), default: '' },
  },
});
