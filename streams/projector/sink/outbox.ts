import { canonicalTopic } from '../../../schema/events';
import { encodeCanonical } from '../../codec';
import { Outbox } from '../../../store/entities';
import type { Orm } from '../../../store/orm';
import { dialect } from '../../../store/orm';
import type { OutboxMessage, OutboxSource } from '../../outbox/relay';
import type { CanonicalChange } from '../changes';
import { bulkUpsert, run, type Bulk } from './bulk';

/** Writes the batch's canonical changes to the outbox, inside the batch's transaction. */
export async function writeOutbox(
  bulk: Bulk,
  changes: CanonicalChange[],
  options: { namespace: string; changedAt: string },
): Promise<void> {
  const rows = changes.map((change) => {
    // Dates inside `data` become ISO strings when the message is serialised.
    const message = encodeCanonical({ ...change, changedAt: options.changedAt });
    return {
      topic: canonicalTopic(change.entity, options.namespace),
      key: message.key,
      value: message.value,
      headers: { 'content-type': 'application/json' },
      createdAt: new Date(options.changedAt),
    };
  });
  await bulkUpsert(bulk, 'Outbox', rows, { conflict: null });
}

/**
 * Hands the oldest outbox rows to the relay and deletes them once sent, in one transaction. On
 * PostgreSQL the rows are locked with SKIP LOCKED, so several relays never send the same row.
 */
export function outboxSource(orm: Orm): OutboxSource {
  const sqlDialect = dialect(orm);
  const skipLocked = sqlDialect === 'postgresql' ? ' for update skip locked' : '';
  return {
    async drain(limit, send) {
      return orm.em.fork().transactional(async (em) => {
        const rows = await run(
          { em, dialect: sqlDialect },
          `select id, topic, key, value, headers from outbox order by id limit ?${skipLocked}`,
          [limit],
        );
        if (rows.length === 0) return 0;
        const messages: OutboxMessage[] = rows.map((row) => ({
          id: Number(row.id),
          topic: String(row.topic),
          key: String(row.key),
          value: String(row.value),
          headers: (typeof row.headers === 'string'
            ? JSON.parse(row.headers)
            : row.headers) as Record<string, string>,
        }));
        await send(messages);
        await em.nativeDelete(Outbox, { id: { $in: messages.map((m) => m.id) } });
        return rows.length;
      });
    },
  };
}
