import type { OutboxMessage, OutboxRef } from '../outbox/batch';
import type { OutboxBatch } from '../outbox/relay';
import { bulkUpsert, type Bulk } from '../projector/sink/bulk';

/**
 * One outbox row for what a privacy request publishes, written in the transaction that did the
 * work, so its messages go out if and only if it committed (and, left behind by a crash, later).
 * A canonical upsert is stored as a ref and rebuilt from the store like the projector's; the
 * rest (tombstones, announcements, audit entries) is stored whole, as rows from before refs were.
 */
export type OutboxItem = { ref: OutboxRef; message: OutboxMessage } | { message: OutboxMessage };

export async function writeOutboxRow(
  bulk: Bulk,
  items: OutboxItem[],
  createdAt: Date,
): Promise<OutboxBatch | null> {
  if (items.length === 0) return null;
  const stored = items.map((item) => {
    if ('ref' in item) {
      const { entity, id, op, version } = item.ref;
      return [entity, id, op, version];
    }
    const { topic, key, value } = item.message;
    return { topic, key, value: value === null ? null : (JSON.parse(value) as unknown) };
  });
  const [row] = await bulkUpsert(
    bulk,
    'Outbox',
    [{ messages: JSON.stringify(stored), createdAt }],
    { conflict: null, returning: ['id'] },
  );
  if (!row) throw new Error('inserting the outbox row returned no id');
  return { id: Number(row.id), messages: items.map((item) => item.message) };
}

export const tombstone = (topic: string, key: string): OutboxItem => ({
  message: { topic, key, value: null },
});
