import type { OptionalProps, PrimaryKeyProp } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { text, timestamp } from '../common/columns';

/**
 * How far a connector got (a backfill cursor, a poll watermark), kept in the store it feeds so that
 * it can never outlive, or run ahead of, the records it stands for. Keyed by topic namespace too:
 * a store fed by two namespaces keeps two sets. Written only by streams/checkpoints.
 */
export interface ConnectorCheckpoint {
  [PrimaryKeyProp]?: ['namespace', 'source', 'key'];
  [OptionalProps]?: 'updatedAt';
  namespace: string;
  source: string;
  key: string;
  value: string;
  updatedAt: Date;
}

export const ConnectorCheckpoint = new EntitySchema<ConnectorCheckpoint>({
  name: 'ConnectorCheckpoint',
  tableName: 'connector_checkpoint',
  properties: {
    namespace: { ...text(), primary: true },
    source: { ...text(), primary: true },
    key: { ...text(), primary: true },
    value: text(),
    updatedAt: { ...timestamp(), onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
