import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quietLogger } from '../../test/doubles/testkit';
import { describeWithKafka } from '../../test/helpers/infra';
import { kafkaBrokers, randomName } from '../../test/helpers/kafka';
import { KafkaStream } from '../kafka';
import { checkpointTopic, KafkaCheckpoints } from './kafka-checkpoints';

const namespaceName = () => randomName('ckpt').replace(/[^a-z0-9]/g, '');

describeWithKafka('Kafka checkpoints (real broker)', () => {
  let stream: KafkaStream;
  const namespace = namespaceName();

  beforeAll(() => {
    stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: randomName('ckpt') });
  });
  afterAll(async () => {
    await stream.withAdmin((admin) => admin.deleteTopics({ topics: [checkpointTopic(namespace)] }));
    await stream.close();
  });

  it('reads back, in a new instance, the newest value per source and key', async () => {
    const first = new KafkaCheckpoints(stream, namespace, quietLogger());
    expect(await first.forSource('shopify').get('backfill:order')).toBeUndefined();
    for (const page of ['page-1', 'page-2', 'page-3']) {
      await first.forSource('shopify').set('backfill:order', page);
    }
    await first.forSource('crm').set('backfill:order', 'crm-cursor');

    const restarted = new KafkaCheckpoints(stream, namespace, quietLogger());
    expect(await restarted.forSource('shopify').get('backfill:order')).toBe('page-3');
    expect(await restarted.forSource('crm').get('backfill:order')).toBe('crm-cursor');
    expect(await restarted.forSource('shopify').get('watermark:order')).toBeUndefined();
  });

  it('keeps them in a compacted topic of the namespace, so a new namespace has none', async () => {
    const configs = await stream.withAdmin((admin) =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: checkpointTopic(namespace),
            configNames: ['cleanup.policy'],
          },
        ],
      }),
    );
    expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('compact');

    const fresh = namespaceName();
    const other = new KafkaCheckpoints(stream, fresh, quietLogger());
    try {
      expect(await other.forSource('shopify').get('backfill:order')).toBeUndefined();
    } finally {
      await stream.withAdmin((admin) => admin.deleteTopics({ topics: [checkpointTopic(fresh)] }));
    }
  });
});
