import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ChangeEvent } from '../../../schema/events';
import { chunksFor } from './chunks';

export const recordKey = (e: { source: string; entity: string; sourceId: string }): string =>
  `${e.source}\u0000${e.entity}\u0000${e.sourceId}`;

/**
 * Records each event's version in `applied_version` unless the stored one is newer (or equal with
 * a larger eventId), and returns the keys of the events that won. Doing the comparison inside the
 * upsert keeps it right even when two projectors race on one record during a rebalance.
 * `events` must hold at most one event per record (see latestPerRecord).
 */
export async function admitNewer(em: SqlEntityManager, events: ChangeEvent[]): Promise<Set<string>> {
  const admitted = new Set<string>();
  const connection = em.getConnection();
  for (const chunk of chunksFor(events, 6)) {
    const values = chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    const params = chunk.flatMap((e) => [e.source, e.entity, e.sourceId, e.version, e.eventId, e.op === 'delete']);
    const rows = await connection.execute<Array<{ source: string; entity: string; source_id: string }>>(
      `insert into applied_version (source, entity, source_id, version, event_id, deleted)
       values ${values}
       on conflict (source, entity, source_id) do update
         set version = excluded.version, event_id = excluded.event_id, deleted = excluded.deleted
         where applied_version.version < excluded.version
            or (applied_version.version = excluded.version and applied_version.event_id < excluded.event_id)
       returning source, entity, source_id`,
      params,
      'all',
      em.getTransactionContext(),
    );
    for (const row of rows) {
      admitted.add(recordKey({ source: row.source, entity: row.entity, sourceId: row.source_id }));
    }
  }
  return admitted;
}
