import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalTopic, dlqTopic, sourceTopic } from '../../../schema/events';
import { decodeCanonical, encodeEvent } from '../../../streams/codec';
import { exampleEvents, nextVersion, publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { topicEndOffsets, waitFor, waitForMessages } from '../../helpers/kafka';
import { countRows, startKafkaProjection, type KafkaProjection } from '../../helpers/projection';

describeWithKafkaAndPostgres('projector on Kafka and PostgreSQL', () => {
  let env: KafkaProjection;

  beforeAll(async () => {
    env = await startKafkaProjection();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('(a) resolves one person from four sources into one customer with four identities', async () => {
    await publish(env.stream, exampleEvents(), env.namespace);
    await waitFor(async () => (await countRows(env.db, 'customer_identity')) === 4, {
      timeoutMs: 30_000,
    });
    const people = await env.db.orm.em
      .getConnection()
      .execute<Array<{ customer_id: string; sources: string }>>(
        `select customer_id, string_agg(source, ',' order by source) as sources
         from customer_identity group by customer_id`,
      );
    expect(people).toEqual([
      { customer_id: expect.any(String), sources: 'accounting,crm,erp,shopify' },
    ]);
    const customers = await env.db.orm.em
      .getConnection()
      .execute<Array<{ id: string; email: string }>>('select id, email from customer');
    expect(customers).toEqual([{ id: people[0]?.customer_id, email: 'ada.lovelace@example.com' }]);
  });

  it('(e) publishes one canonical message per canonical change, readable by a plain consumer', async () => {
    const order = exampleEvents().find((e) => e.source === 'shopify' && e.entity === 'order');
    if (!order) throw new Error('no example order');
    const topic = canonicalTopic('order', env.namespace);
    // The order of test (a) is already there: wait for its message, then cut.
    await waitForMessages(topic, { count: 1 });
    const cut = await topicEndOffsets(topic);
    const newer = nextVersion(order, { financialStatus: 'refunded' });
    // A duplicate, a stale version and the newer one: only the newer one is a change.
    await publish(env.stream, [order, newer, order, newer], env.namespace);
    const messages = await waitForMessages(topic, { count: 1, after: cut });
    // Give a wrongly repeated message time to show up before counting what the topic gained.
    await env.projection.flushOutbox();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const end = await topicEndOffsets(topic);
    const gained = [...end].reduce((sum, [p, high]) => sum + Number(high - (cut.get(p) ?? 0n)), 0);
    expect(gained).toBe(1);
    const decoded = decodeCanonical(messages[0]?.value ?? null);
    expect(decoded.ok && decoded.change.data?.financialStatus).toBe('refunded');
    expect(decoded.ok && decoded.change.version).toBe(newer.version);
    expect(messages[0]?.key).toBe(decoded.ok ? decoded.change.id : 'invalid');
  });

  it('(c) sends a malformed event to the DLQ with its reason, and the partition keeps flowing', async () => {
    const [customer] = exampleEvents();
    if (!customer) throw new Error('no example');
    const topic = sourceTopic(customer.source, customer.entity, env.namespace);
    const v2 = nextVersion(customer, { firstName: 'Augusta Ada' }, 10_000);
    const producer = await env.stream.producer();
    // Same key, so the same partition: the poison sits between two good events.
    await producer.send(topic, [
      { key: customer.sourceId, value: '{"not": "an event"' },
      {
        key: customer.sourceId,
        value: JSON.stringify({ ...v2, payload: { ...v2.payload, email: 42 } }),
      },
      encodeEvent(v2),
    ]);
    await producer.disconnect();
    const dead = await waitForMessages(dlqTopic(topic), { count: 2 });
    expect(dead.map((m) => m.headers['x-plexus-original-topic'])).toEqual([topic, topic]);
    expect(dead[0]?.headers['x-plexus-error']).toMatch(/invalid JSON/);
    expect(dead[1]?.headers['x-plexus-error']).toMatch(/email/);
    expect(dead.every((m) => m.headers['x-plexus-original-offset'] !== undefined)).toBe(true);
    await waitFor(
      async () => {
        const rows = await env.db.orm.em
          .getConnection()
          .execute<Array<{ first_name: string }>>('select first_name from customer');
        return rows[0]?.first_name === 'Augusta Ada';
      },
      { timeoutMs: 30_000 },
    );
  });
});
