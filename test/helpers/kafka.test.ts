import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { describeWithKafka } from './infra';
import {
  createTopic,
  newKafka,
  randomName,
  topicEndOffsets,
  waitFor,
  waitForMessages,
} from './kafka';

describeWithKafka('kafka helpers against a real broker', () => {
  let producer: Producer;

  beforeAll(async () => {
    // Idempotent, so a retried send cannot write a message twice and skew the counts below.
    producer = newKafka().producer({ idempotent: true });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
  });

  it('round-trips keyed messages with headers', async () => {
    const topic = await createTopic(randomName('helpers'));
    await producer.send({
      topic,
      acks: -1,
      messages: ['a', 'b', 'c'].map((key, i) => ({
        key,
        value: `value-${i}`,
        headers: { 'x-trace': `trace-${key}`, 'x-dup': [Buffer.from('first'), 'last'] },
      })),
    });

    const messages = await waitForMessages(topic, { count: 3 });

    expect(messages.map((m) => m.key).sort()).toEqual(['a', 'b', 'c']);
    expect(new Set(messages.map((m) => `${m.partition}:${m.offset}`)).size).toBe(3);
    for (const message of messages) {
      expect(message.topic).toBe(topic);
      expect(message.value).toBe(`value-${['a', 'b', 'c'].indexOf(message.key ?? '')}`);
      expect(message.headers).toEqual({ 'x-trace': `trace-${message.key}`, 'x-dup': 'last' });
    }
  });

  it('skips messages from before a cut', async () => {
    const topic = await createTopic(randomName('helpers'), 1);
    await producer.send({ topic, messages: [{ key: 'old', value: 'before' }] });

    const after = await topicEndOffsets(topic);
    await producer.send({ topic, messages: [{ key: 'new', value: 'after' }] });
    const messages = await waitForMessages(topic, { count: 1, after });

    expect(messages.map((m) => [m.key, m.offset])).toEqual([['new', '1']]);
    expect(await waitForMessages(topic, { count: 2 })).toHaveLength(2);
  });

  it('waitFor returns the first truthy value and times out with the last error', async () => {
    let calls = 0;
    expect(await waitFor(() => (++calls >= 3 ? calls : 0), { intervalMs: 1 })).toBe(3);
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 50, intervalMs: 10 },
      ),
    ).rejects.toThrow('waitFor timed out after 50 ms: not yet');
  });
});
