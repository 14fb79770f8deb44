import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import { SCHEMA_DIR, schemaFile } from '../../../scripts/topic-catalogue';
import { canonicalTopic, SOURCE_TOPICS, sourceTopic } from '../../../schema/events';
import { dialect } from '../../../store/orm';
import { readCanonical } from '../../../streams/projector/sink/canonical-records';
import { publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { topicConfig, topicEndOffsets, waitForMessages } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

/** Validators from the published files alone, as a consumer in another language would use them. */
async function validatorOf(file: string): Promise<ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(await readFile(join(SCHEMA_DIR, file), 'utf8')));
}

/** Everything on a topic up to its current end, read by a plain kafkajs consumer. */
async function readAll(topic: string) {
  const ends = await topicEndOffsets(topic);
  const count = [...ends.values()].reduce((sum, high) => sum + Number(high), 0);
  return waitForMessages(topic, { count, timeoutMs: 60_000 });
}

describeWithKafkaAndPostgres('topic catalogue on the real broker', () => {
  let env: KafkaProjection;

  beforeAll(async () => {
    env = await startKafkaProjection();
    const events = generateDataset({
      seed: 5,
      customers: 60,
      orders: 80,
      products: 8,
      locations: 2,
    });
    await publish(env.stream, events, env.namespace);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    await env.projection.flushOutbox();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('source messages validate against the envelope and payload schema files', async () => {
    const envelope = await validatorOf(schemaFile.envelope);
    for (const t of SOURCE_TOPICS.filter((s) => s.source === 'shopify')) {
      const payload = await validatorOf(schemaFile.payload(t.source, t.entity));
      const messages = await readAll(sourceTopic(t.source, t.entity, env.namespace));
      expect(messages.length, t.topic).toBeGreaterThan(0);
      for (const m of messages) {
        const value = JSON.parse(m.value ?? 'null') as { payload: unknown; sourceId: string };
        expect(envelope(value) || envelope.errors, t.topic).toBe(true);
        if (value.payload !== null) expect(payload(value.payload) || payload.errors).toBe(true);
        expect(m.key).toBe(value.sourceId);
      }
    }
  });

  it('canonical messages validate against the schema file, keyed by their id', async () => {
    const change = await validatorOf(schemaFile.canonicalChange);
    for (const entity of ['customer', 'order', 'product'] as const) {
      const messages = await readAll(canonicalTopic(entity, env.namespace));
      expect(messages.length, entity).toBeGreaterThan(0);
      for (const m of messages) {
        const value = JSON.parse(m.value ?? 'null') as { id: string };
        expect(change(value) || change.errors, entity).toBe(true);
        expect(m.key).toBe(value.id);
      }
    }
  });

  it('canonical topics are compacted, and rebuild the store from offset 0 alone', async () => {
    const topic = canonicalTopic('customer', env.namespace);
    expect(await topicConfig(topic, 'cleanup.policy')).toBe('compact');

    // What a new consumer does: keep the highest version per key; a delete removes the key.
    const rebuilt = new Map<string, { version: number; data: unknown }>();
    for (const m of await readAll(topic)) {
      const value = JSON.parse(m.value ?? 'null') as { id: string; version: number; data: unknown };
      const held = rebuilt.get(value.id);
      if (!held || value.version > held.version) rebuilt.set(value.id, value);
    }
    const live = [...rebuilt].filter(([, v]) => v.data !== null);

    const em = env.db.orm.em.fork();
    const ids = (await em.getConnection().execute<Array<{ id: string }>>('select id from customer'))
      .map((r) => r.id)
      .sort();
    expect(live.map(([id]) => id).sort()).toEqual(ids);
    const stored = await readCanonical({ em, dialect: dialect(env.db.orm) }, 'customer', ids);
    for (const [id, { data }] of live) {
      expect(data, id).toEqual(JSON.parse(JSON.stringify(stored.get(id))));
    }
  });
});
