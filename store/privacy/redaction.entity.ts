import { EntitySchema } from '@mikro-orm/core';
import { text, timestamp, uuid } from '../common/columns';

/** How the projector treats a later event for a redacted record. */
export const REDACTION_TREATMENTS = ['drop', 'blank'] as const;
export type RedactionTreatment = (typeof REDACTION_TREATMENTS)[number];

/**
 * A source record whose personal data was erased by a privacy request. The projector reads this
 * list for every batch, so a later event for the record cannot bring the data back: a person's
 * identities are dropped (`drop`), and their orders, kept for the books, are applied with their
 * personal fields blank (`blank`). Ids only: the list itself holds nothing personal.
 */
export interface Redaction {
  /** recordId(source, entity, sourceId), as applied_version and the mappers key the record. */
  id: string;
  source: string;
  entity: string;
  sourceId: string;
  treatment: RedactionTreatment;
  requestId: string;
  redactedAt: Date;
}

export const Redaction = new EntitySchema<Redaction>({
  name: 'Redaction',
  tableName: 'redaction',
  properties: {
    id: { ...uuid(), primary: true },
    source: text(),
    entity: text(),
    sourceId: text(),
    treatment: text(),
    requestId: text(),
    redactedAt: timestamp(),
  },
});
