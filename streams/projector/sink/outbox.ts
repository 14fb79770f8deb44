import { canonicalTopic, profileTopic, type CanonicalEntity } from '../../../schema/events';
import type { CustomerProfile } from '../../../store/entities';
import { encodeCanonical, encodeProfile } from '../../codec';
import type { Orm } from '../../../store/orm';
import { dialect } from '../../../store/orm';
import {
  decodeOutboxRow,
  encodeOutboxRefs,
  isOutboxRef,
  PROFILE_REF,
  type OutboxMessage,
  type OutboxRef,
} from '../../outbox/batch';
import type { OutboxBatch, OutboxSource } from '../../outbox/relay';
import type { CanonicalChange } from '../changes';
import { profileMessage } from '../profiles/build';
import type { ProfileChange } from '../profiles/refresh';
import { bulkDelete, bulkUpsert, idList, run, selectWhereAny, type Bulk } from './bulk';
import { readCanonical } from './canonical-records';

/**
 * Writes the batch's canonical changes to the outbox, inside the batch's transaction: one row,
 * whatever the number of changes, naming the changed records. Each change is validated and
 * serialised here, so a bad one fails the transaction that made it, and the messages go to the
 * relay from memory once the transaction has committed.
 */
export async function writeOutbox(
  bulk: Bulk,
  changes: CanonicalChange[],
  options: { namespace: string; changedAt: string; profiles?: ProfileChange[] },
): Promise<OutboxBatch | null> {
  const profiles = options.profiles ?? [];
  if (changes.length === 0 && profiles.length === 0) return null;
  const topics = new Map<string, string>();
  const messages: OutboxMessage[] = changes.map((change) => {
    let topic = topics.get(change.entity);
    if (topic === undefined)
      topics.set(change.entity, (topic = canonicalTopic(change.entity, options.namespace)));
    // Dates inside `data` become ISO strings when the message is serialised.
    const { key, value } = encodeCanonical({ ...change, changedAt: options.changedAt });
    return { topic, key, value };
  });
  const profilesTopic = profileTopic(options.namespace);
  for (const { id, profile } of profiles) {
    messages.push({ topic: profilesTopic, ...encodeProfile(id, profile) });
  }
  const refs: OutboxRef[] = [
    ...changes,
    ...profiles.map(({ id, profile }) => ({
      entity: PROFILE_REF,
      id,
      op: profile ? ('upsert' as const) : ('delete' as const),
      version: profile?.version ?? 0,
    })),
  ];
  const [row] = await bulkUpsert(
    bulk,
    'Outbox',
    [{ messages: encodeOutboxRefs(refs), createdAt: new Date(options.changedAt) }],
    { conflict: null, returning: ['id'] },
  );
  if (!row) throw new Error('inserting the outbox row returned no id');
  return { id: Number(row.id), messages };
}

/**
 * The messages of outbox rows nobody sent, rebuilt from the store: an upsert carries its record
 * as it stands now (a newer state than the change, if the record changed since), and a record
 * deleted since is left out, since its delete has a row of its own.
 */
async function rebuild(
  bulk: Bulk,
  rows: Array<Record<string, unknown>>,
  namespace: string,
): Promise<OutboxBatch[]> {
  const decoded = rows.map((row) => ({
    id: Number(row.id),
    items: decodeOutboxRow(String(row.messages)),
    changedAt: new Date(row.created_at as string | number | Date).toISOString(),
  }));
  const wanted = new Map<CanonicalEntity, Set<string>>();
  const profileIds = new Set<string>();
  for (const { items } of decoded) {
    for (const item of items) {
      if (!isOutboxRef(item) || item.op !== 'upsert') continue;
      if (item.entity === PROFILE_REF) {
        profileIds.add(item.id);
        continue;
      }
      const ids = wanted.get(item.entity) ?? new Set<string>();
      wanted.set(item.entity, ids.add(item.id));
    }
  }
  const records = new Map<CanonicalEntity, Map<string, Record<string, unknown>>>();
  for (const [entity, ids] of wanted)
    records.set(entity, await readCanonical(bulk, entity, [...ids]));
  const profiles = new Map(
    (
      await selectWhereAny<CustomerProfile>(bulk, 'CustomerProfile', [
        { property: 'id', values: [...profileIds] },
      ])
    ).map((p) => [p.id, p]),
  );
  const message = (ref: OutboxRef, changedAt: string): OutboxMessage[] => {
    if (ref.entity === PROFILE_REF) {
      // A profile deleted since has its tombstone in a later row of its own.
      const stored = profiles.get(ref.id);
      if (ref.op === 'upsert' && !stored) return [];
      const topic = profileTopic(namespace);
      return [{ topic, ...encodeProfile(ref.id, stored ? profileMessage(stored) : null) }];
    }
    const data = ref.op === 'delete' ? null : records.get(ref.entity)?.get(ref.id);
    if (data === undefined) return [];
    const { entity, id, op, version } = ref;
    const { key, value } = encodeCanonical({ entity, id, op, version, data, changedAt });
    return [{ topic: canonicalTopic(ref.entity, namespace), key, value }];
  };
  return decoded.map(({ id, items, changedAt }) => ({
    id,
    messages: items.flatMap((item) => (isOutboxRef(item) ? message(item, changedAt) : [item])),
  }));
}

/** The relay's view of the outbox table. */
export function outboxSource(orm: Orm, namespace: string): OutboxSource {
  const sqlDialect = dialect(orm);
  const bulk = (em = orm.em.fork()): Bulk => ({ em, dialect: sqlDialect });
  const ids = idList(sqlDialect, 'bigint');
  // On PostgreSQL, SKIP LOCKED lets several relays look for left-behind batches at once.
  const skipLocked = sqlDialect === 'postgresql' ? ' for update skip locked' : '';
  const at = (date: Date) => (sqlDialect === 'postgresql' ? date.toISOString() : date.getTime());
  return {
    async load(wanted) {
      const from = bulk();
      const rows = await run(
        from,
        `select id, messages, created_at from outbox where id in (${ids})`,
        [JSON.stringify(wanted)],
      );
      const batches = await rebuild(from, rows, namespace);
      return new Map(batches.map((batch) => [batch.id, batch.messages]));
    },
    async remove(sent) {
      await bulkDelete(bulk(), 'Outbox', 'id', sent);
    },
    drainLeftovers({ createdBefore, skip, limit }, send) {
      return orm.em.fork().transactional(async (em) => {
        const rows = await run(
          bulk(em),
          `select id, messages, created_at from outbox where created_at < ? and id not in (${ids})
            order by id limit ?${skipLocked}`,
          [at(createdBefore), JSON.stringify(skip), limit],
        );
        if (rows.length === 0) return 0;
        const batches = await rebuild(bulk(em), rows, namespace);
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
