import { afterEach, expect, it } from 'vitest';
import { describeWithKafka } from '../../test/helpers/infra';
import { createTopic, kafkaBrokers, randomName, waitFor } from '../../test/helpers/kafka';
import { streamConsumerRestarts } from '../../lib/metrics';
import { KafkaStream } from './index';

describeWithKafka('kafka consumer: a batch longer than the session', () => {
  let stream: KafkaStream | undefined;
  afterEach(async () => {
    await stream?.close();
    stream = undefined;
  });

  it(
    'keeps its member and commits, so the batch is not delivered again',
    { timeout: 120_000 },
    async () => {
      const topic = await createTopic(randomName('long-batch'), 1);
      // The broker's shortest session (group.min.session.timeout.ms); the handler outlasts it twice.
      const sessionTimeoutMs = 6_000;
      stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: topic, sessionTimeoutMs });
      const producer = await stream.producer();
      await producer.send(topic, [{ key: 'k', value: 'slow' }]);
      const consumer = await stream.consumer(randomName('long-batch'));
      await consumer.subscribe([topic], { fromBeginning: true });
      const delivered: string[] = [];
      void consumer.run({
        eachBatch: async ({ messages }) => {
          for (const m of messages) delivered.push(m.value ?? '');
          if (messages.some((m) => m.value === 'slow')) {
            await new Promise((resolve) => setTimeout(resolve, sessionTimeoutMs * 2));
          }
        },
      });
      await waitFor(async () => delivered.includes('slow'), { timeoutMs: 60_000 });
      await producer.send(topic, [{ key: 'k', value: 'next' }]);
      await waitFor(async () => delivered.includes('next'), { timeoutMs: 60_000 });
      expect(delivered).toEqual(['slow', 'next']);
    },
  );
});

describeWithKafka('kafka consumer: a crash kafkajs does not restart', () => {
  let stream: KafkaStream | undefined;
  afterEach(async () => {
    await stream?.close();
    stream = undefined;
  });

  it(
    'is restarted, delivers the failed batch again and everything after it',
    { timeout: 120_000 },
    async () => {
      const topic = await createTopic(randomName('crash'), 1);
      const group = randomName('crash');
      stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: topic });
      const producer = await stream.producer();
      await producer.send(topic, [{ key: 'k', value: 'first' }]);
      const consumer = await stream.consumer(group);
      await consumer.subscribe([topic], { fromBeginning: true });
      const restarts = async () =>
        (await streamConsumerRestarts.get()).values.find((v) => v.labels.group === group)?.value ??
        0;
      const delivered: string[] = [];
      let thrown = false;
      void consumer.run({
        eachBatch: async ({ messages }) => {
          // A TypeError is what kafkajs counts as unrecoverable: it stops the consumer for good.
          if (!thrown) {
            thrown = true;
            throw new TypeError('a bug in a handler');
          }
          for (const m of messages) delivered.push(m.value ?? '');
        },
      });
      await waitFor(async () => delivered.includes('first'), { timeoutMs: 60_000 });
      await producer.send(topic, [{ key: 'k', value: 'next' }]);
      await waitFor(async () => delivered.includes('next'), { timeoutMs: 60_000 });
      expect(thrown).toBe(true);
      expect(delivered).toEqual(['first', 'next']);
      expect(await restarts()).toBe(1);
    },
  );
});
