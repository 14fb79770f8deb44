import { createHash } from 'node:crypto';
import type { ChangeEvent } from '../../../schema/events';
import { bulkUpsert, type Bulk } from './bulk';

export const recordKey = (e: { source: string; entity: string; sourceId: string }): string =>
  `${e.source}\u0000${e.entity}\u0000${e.sourceId}`;

/** Same payload, same digest: the connectors build a record's payload in one fixed key order. */
export const contentHash = (e: Pick<ChangeEvent, 'op' | 'payload'>): string =>
  createHash('sha256')
    .update(e.op === 'delete' ? 'delete' : JSON.stringify(e.payload))
    .digest('base64url');

/**
 * Records each event's version in `applied_version` unless the stored one is newer, or equal with
 * a larger eventId or the same content, and returns the keys of the events that won. Doing the comparison inside the
 * upsert keeps it right even when two projectors race on one record during a rebalance.
 * `events` must hold at most one event per record (see latestPerRecord).
 */
export async function admitNewer(bulk: Bulk, events: ChangeEvent[]): Promise<Set<string>> {
  const rows = await bulkUpsert(
    bulk,
    'AppliedVersion',
    events.map((e) => ({
      source: e.source,
      entity: e.entity,
      sourceId: e.sourceId,
      version: e.version,
      eventId: e.eventId,
      deleted: e.op === 'delete',
      contentHash: contentHash(e),
    })),
    {
      conflict: ['source', 'entity', 'sourceId'],
      updateWhere:
        '"applied_version"."version" < excluded."version" or ("applied_version"."version" = excluded."version" and "applied_version"."event_id" < excluded."event_id" and "applied_version"."content_hash" <> excluded."content_hash")',
      returning: ['source', 'entity', 'source_id'],
    },
  );
  return new Set(
    rows.map((row) =>
      recordKey({
        source: String(row.source),
        entity: String(row.entity),
        sourceId: String(row.source_id),
      }),
    ),
  );
}
