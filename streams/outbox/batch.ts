import { CANONICAL_ENTITY_NAMES, type CanonicalEntity } from '../../schema/events';

/** A canonical message ready for its topic: its topic, its key and its serialised value. */
export interface OutboxMessage {
  topic: string;
  key: string;
  /** `null` is a tombstone (a redaction's, see streams/privacy). */
  value: string | null;
}

/** The outbox's name for a marketing profile (plexus.profile.customer.v1), beside the entities. */
export const PROFILE_REF = 'customer-profile' as const;
export type OutboxEntity = CanonicalEntity | typeof PROFILE_REF;

/** A canonical change as the outbox row names it: which record, what happened, at what version. */
export interface OutboxRef {
  entity: OutboxEntity;
  id: string;
  op: 'upsert' | 'delete';
  version: number;
}

/**
 * An outbox row names the records its transaction changed, as a JSON array of
 * `[entity, id, op, version]`, and not the messages themselves: a batch's messages reach the relay
 * from memory, and only a batch nobody sent (its process died) is rebuilt from the store. Storing
 * the messages made PostgreSQL write every canonical message twice more (the row and its WAL) and
 * cost about a tenth of the projector's throughput (bench:ingest).
 */
export function encodeOutboxRefs(refs: OutboxRef[]): string {
  return JSON.stringify(refs.map(({ entity, id, op, version }) => [entity, id, op, version]));
}

const ENTITIES = new Set<string>([...CANONICAL_ENTITY_NAMES, PROFILE_REF]);

/**
 * The items of an outbox row: refs, or messages in full in a row written before refs (kept by
 * the upgrade, which must not lose a pending message). Throws on anything else.
 */
export function decodeOutboxRow(text: string): Array<OutboxRef | OutboxMessage> {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('an outbox row must hold a JSON array');
  return parsed.map((item: unknown, index): OutboxRef | OutboxMessage => {
    if (Array.isArray(item)) {
      const [entity, id, op, version] = item as unknown[];
      if (
        typeof entity === 'string' &&
        ENTITIES.has(entity) &&
        typeof id === 'string' &&
        (op === 'upsert' || op === 'delete') &&
        typeof version === 'number'
      ) {
        return { entity: entity as OutboxEntity, id, op, version };
      }
      throw new Error(`outbox item ${index} is not [entity, id, op, version]`);
    }
    if (typeof item !== 'object' || item === null) {
      throw new Error(`outbox item ${index} is neither a ref nor a message`);
    }
    const { topic, key, value } = item as Record<string, unknown>;
    if (typeof topic !== 'string' || typeof key !== 'string' || value === undefined) {
      throw new Error(`outbox message ${index} lacks its topic, key or value`);
    }
    return { topic, key, value: value === null ? null : JSON.stringify(value) };
  });
}

export const isOutboxRef = (item: OutboxRef | OutboxMessage): item is OutboxRef => 'op' in item;
