import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKafka } from '../../test/helpers/infra';
import { kafkaBrokers, newKafka, randomName } from '../../test/helpers/kafka';
import { KafkaStream } from '.';
import { formatTopicReport, topicReport } from './topic-report';

describeWithKafka('topic report', () => {
  const namespace = randomName('report').replace(/[^a-z0-9]/g, '');
  const topic = `${namespace}.shopify.order.v1`;
  const groupId = randomName('report-group');
  let stream: KafkaStream;

  beforeAll(async () => {
    stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: 'topic-report-test' });
    await stream.ensureTopics([
      { topic, partitions: 2 },
      { topic: `${namespace}.canonical.order.v1` },
    ]);
    const producer = await stream.producer();
    await producer.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    await producer.disconnect();
    // A group that has committed part of the topic: 4 messages of partition 0, none of 1.
    const admin = newKafka().admin();
    await admin.connect();
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '4' }] });
    await admin.disconnect();
  });

  afterAll(async () => {
    await stream.close();
  });

  it('counts each topic of the namespace and the lag of the groups that read it', async () => {
    const rows = await stream.withAdmin((admin) => topicReport(admin, namespace));
    expect(rows.map((r) => [r.topic, r.partitions, r.messages])).toEqual([
      [`${namespace}.canonical.order.v1`, 3, 0n],
      [topic, 2, 10n],
    ]);
    expect(rows[0]?.lag.size).toBe(0);
    expect([...(rows[1]?.lag ?? [])]).toEqual([[groupId, 6n]]);
    const text = formatTopicReport(rows);
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toMatch(new RegExp(`${topic}\\s+2\\s+10\\s+${groupId}\\s+6`));
  });
});
