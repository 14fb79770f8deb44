// A marketing tool that replays plexus.profile.customer.v1 from offset 0 with a plain Kafka
// client ends with exactly the profiles in the store, merges (tombstones) included.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import { profileTopic, type ChangeEvent } from '../../../schema/events';
import type { CustomerProfile } from '../../../store/entities';
import { dialect } from '../../../store/orm';
import { decodeProfile } from '../../../streams/codec';
import { profileMessage } from '../../../streams/projector/profiles/build';
import { selectWhereAny } from '../../../streams/projector/sink/bulk';
import { publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { topicConfig, topicEndOffsets, waitForMessages } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

/** People before their orders, each source's people in a seeded shuffle: merges happen late. */
function peopleShuffled(events: ChangeEvent[]): ChangeEvent[] {
  const people = events.filter((e) => ['customer', 'contact'].includes(e.entity));
  let state = 7;
  const rank = new Map(
    people.map((e) => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return [e, state];
    }),
  );
  return [
    ...people.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)),
    ...events.filter((e) => !rank.has(e)),
  ];
}

describeWithKafkaAndPostgres('marketing profiles on the real broker', () => {
  let env: KafkaProjection;

  beforeAll(async () => {
    env = await startKafkaProjection();
    const events = generateDataset({
      seed: 9,
      customers: 80,
      orders: 200,
      products: 8,
      locations: 2,
    });
    await publish(env.stream, peopleShuffled(events), env.namespace);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    await env.projection.flushOutbox();
  }, 240_000);

  afterAll(async () => {
    await env?.close();
  });

  it('is compacted, and a replay from offset 0 ends with exactly the stored profiles', async () => {
    const topic = profileTopic(env.namespace);
    expect(await topicConfig(topic, 'cleanup.policy')).toBe('compact');

    const ends = await topicEndOffsets(topic);
    const count = [...ends.values()].reduce((sum, high) => sum + Number(high), 0);
    const messages = await waitForMessages(topic, { count, timeoutMs: 90_000 });
    // What the marketing tool does: the last message per key wins; a tombstone removes the key.
    const replayed = new Map<string, unknown>();
    let tombstones = 0;
    for (const m of messages) {
      const decoded = decodeProfile(m.value);
      if (!decoded.ok) throw new Error(decoded.reason);
      if (decoded.profile === null) {
        tombstones += 1;
        replayed.delete(m.key ?? '');
      } else {
        expect(m.key).toBe(decoded.profile.id);
        replayed.set(decoded.profile.id, decoded.profile);
      }
    }

    const em = env.db.orm.em.fork();
    const ids = (await em.getConnection().execute<Array<{ id: string }>>('select id from customer'))
      .map((r) => r.id)
      .sort();
    const stored = await selectWhereAny<CustomerProfile>(
      { em, dialect: dialect(env.db.orm) },
      'CustomerProfile',
      [{ property: 'id', values: ids }],
    );
    expect(stored.map((p) => p.id).sort()).toEqual(ids);
    expect([...replayed.keys()].sort()).toEqual(ids);
    for (const profile of stored) {
      expect(replayed.get(profile.id), profile.id).toEqual(profileMessage(profile));
    }
    // The shuffle made people merge: the absorbed got tombstones, the survivors name them.
    expect(tombstones).toBeGreaterThan(0);
    const absorbed = stored.flatMap((p) => p.absorbedIds);
    expect(absorbed.length).toBeGreaterThan(0);
    for (const id of absorbed) expect(replayed.has(id), id).toBe(false);
  });
});
