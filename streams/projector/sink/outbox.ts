import { canonicalTopic } from '../../../schema/events';
import { encodeCanonical } from '../../codec';
import type { Orm } from '../../../store/orm';
import { dialect } from '../../../store/orm';
import { decodeOutboxBatch, encodeOutboxBatch, type OutboxMessage } from '../../outbox/batch';
import type { HandedOver, OutboxBatch, OutboxSource } from '../../outbox/relay';
import type { CanonicalChange } from '../changes';
import { bulkDelete, idList, insertOne, run, type Bulk } from './bulk';

/**
 * Writes the batch's canonical changes to the outbox, inside the batch's transaction: one row,
 * whatever the number of changes. Each change is validated here, so a bad one fails the
 * transaction that made it instead of stalling the relay later.
 */
export async function writeOutbox(
  bulk: Bulk,
  changes: CanonicalChange[],
  options: { namespace: string; changedAt: string },
): Promise<HandedOver | null> {
  if (changes.length === 0) return null;
  const topics = new Map<string, string>();
  const messages: OutboxMessage[] = changes.map((change) => {
    let topic = topics.get(change.entity);
    if (topic === undefined)
      topics.set(change.entity, (topic = canonicalTopic(change.entity, options.namespace)));
    // Dates inside `data` become ISO strings when the message is serialised.
    const { key, value } = encodeCanonical({ ...change, changedAt: options.changedAt });
    return { topic, key, value };
  });
  const text = encodeOutboxBatch(messages);
  const row = await insertOne(bulk, 'Outbox', {
    messages: text,
    createdAt: new Date(options.changedAt),
  });
  return { id: Number(row.id), messages, text };
}

/** The relay's view of the outbox table. */
export function outboxSource(orm: Orm): OutboxSource {
  const sqlDialect = dialect(orm);
  const bulk = (em = orm.em.fork()): Bulk => ({ em, dialect: sqlDialect });
  const ids = idList(sqlDialect, 'bigint');
  // On PostgreSQL, SKIP LOCKED lets several relays look for left-behind batches at once.
  const skipLocked = sqlDialect === 'postgresql' ? ' for update skip locked' : '';
  const at = (date: Date) => (sqlDialect === 'postgresql' ? date.toISOString() : date.getTime());
  const decode = (rows: Array<Record<string, unknown>>): OutboxBatch[] =>
    rows.map((row) => ({ id: Number(row.id), messages: decodeOutboxBatch(String(row.messages)) }));
  return {
    async load(wanted) {
      const rows = await run(bulk(), `select id, messages from outbox where id in (${ids})`, [
        JSON.stringify(wanted),
      ]);
      return new Map(decode(rows).map((batch) => [batch.id, batch.messages]));
    },
    async remove(sent) {
      await bulkDelete(bulk(), 'Outbox', 'id', sent);
    },
    drainLeftovers({ createdBefore, skip, limit }, send) {
      return orm.em.fork().transactional(async (em) => {
        const rows = await run(
          bulk(em),
          `select id, messages from outbox where created_at < ? and id not in (${ids})
            order by id limit ?${skipLocked}`,
          [at(createdBefore), JSON.stringify(skip), limit],
        );
        if (rows.length === 0) return 0;
        const batches = decode(rows);
        await send(batches);
        await bulkDelete(
          bulk(em),
          'Outbox',
          'id',
          batches.map((b) => b.id),
        );
        return batches.length;
      });
    },
  };
}
