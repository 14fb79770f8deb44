import type { CanonicalEntity, ChangeEvent } from '../../../schema/events';
import { recordId } from '../../../store/ids';
import type { Changes, Row } from '../changes';

/** Turns the events of one source topic into store changes. Pure: it only writes to `changes`. */
export interface Mapper {
  upsert(event: ChangeEvent, changes: Changes): void;
  remove(event: ChangeEvent, changes: Changes): void;
}

/**
 * Types a mapper by its payload. The cast is safe because the codec has validated every payload
 * against its topic's schema before any mapper sees it.
 */
export function defineMapper<P extends object>(mapper: {
  upsert(event: ChangeEvent<P>, payload: P, changes: Changes): void;
  remove(event: ChangeEvent, changes: Changes): void;
}): Mapper {
  return {
    upsert: (event, changes) => mapper.upsert(event as ChangeEvent<P>, event.payload as P, changes),
    remove: mapper.remove,
  };
}

/** The columns every source-projected row has. */
type RecordRef = Pick<ChangeEvent, 'source' | 'entity' | 'sourceId' | 'version' | 'occurredAt'>;

export function sourceColumns(event: RecordRef): Row & {
  sourceId: string;
  version: number;
  updatedAt: Date;
} {
  return {
    id: recordId(event.source, event.entity, event.sourceId),
    sourceId: event.sourceId,
    version: event.version,
    updatedAt: new Date(event.occurredAt),
  };
}

/** The id of a child row (an order line, say), stable across redeliveries. */
export function childId(event: RecordRef, kind: string, childSourceId: string): string {
  return recordId(event.source, `${event.entity}.${kind}`, `${event.sourceId}/${childSourceId}`);
}

/** A mapper for a record that projects to one row of one table and one canonical topic. */
export function singleRow<P extends object>(
  entity: string,
  canonical: CanonicalEntity,
  toRow: (event: ChangeEvent<P>, payload: P) => Record<string, unknown>,
): Mapper {
  return defineMapper<P>({
    upsert(event, payload, changes) {
      const row = { ...sourceColumns(event), ...toRow(event, payload) };
      changes.upsert(entity, row);
      changes.publish({
        entity: canonical,
        id: row.id,
        op: 'upsert',
        version: event.version,
        data: row,
      });
    },
    remove(event, changes) {
      const { id } = sourceColumns(event);
      changes.remove(entity, id);
      changes.publish({ entity: canonical, id, op: 'delete', version: event.version, data: null });
    },
  });
}

export const orNull = <T>(value: T | null | undefined): T | null => value ?? null;
export const date = (value: string): Date => new Date(value);
export const dateOrNull = (value: string | null | undefined): Date | null =>
  value ? new Date(value) : null;
