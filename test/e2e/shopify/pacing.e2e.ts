// The Shopify connector paces a long paginated backfill to the plan's restore rate: the sandbox on
// Standard limits (100 points/s, bucket 2,000), over real HTTP, publishing to the real Kafka
// broker. The figure is a ratio against the configured restore rate, measured in this one run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadShopifyConfig } from '../../../connectors/shopify';
import { createLogger } from '../../../lib/logger';
import { sourceTopic } from '../../../schema/events/topics';
import { startShopifySandbox, type ShopifySandbox } from '../../../sandbox/shopify';
import { KafkaStream } from '../../../streams/kafka';
import type { OutgoingMessage, Stream, StreamProducer } from '../../../streams/stream';
import { describeWithKafka } from '../../helpers/infra';
import { kafkaBrokers, randomName, topicEndOffsets } from '../../helpers/kafka';
import { measurePagedPacing } from '../../helpers/shopify-pacing';

const RESTORE_RATE = 100;
const SECONDS = 25;

/** Counts what reached the broker, per topic, to check against the topics' end offsets. */
class CountingProducer implements StreamProducer {
  readonly sent = new Map<string, number>();
  constructor(private readonly inner: StreamProducer) {}
  async send(topic: string, messages: OutgoingMessage[]) {
    await this.inner.send(topic, messages);
    this.sent.set(topic, (this.sent.get(topic) ?? 0) + messages.length);
  }
  disconnect = () => this.inner.disconnect();
}

describeWithKafka('Shopify paginated backfill on Standard limits (real HTTP, real Kafka)', () => {
  let sb: ShopifySandbox;
  let stream: Stream;
  const namespace = randomName('pace').replace(/[^a-z0-9]/g, '');

  beforeAll(async () => {
    // More than the time box can read, so the whole run is paced by the bucket.
    sb = await startShopifySandbox({
      port: 0,
      orders: 8_000,
      customers: 1_000,
      restoreRate: RESTORE_RATE,
    });
    stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: `test-${namespace}` });
  });

  afterAll(async () => {
    await stream?.close();
    await sb?.close();
  });

  it(`uses at least 90% of the restore rate over ${SECONDS} s with zero THROTTLED`, async () => {
    const producer = new CountingProducer(await stream.producer());
    const config = loadShopifyConfig({
      SHOPIFY_SHOP: sb.shopDomain,
      SHOPIFY_ACCESS_TOKEN: sb.accessToken,
      SHOPIFY_WEBHOOK_SECRET: 'pacing_secret',
      SHOPIFY_API_VERSION: sb.apiVersion,
      SHOPIFY_API_URL: sb.url,
      INGRESS_PORT: '0',
    });
    const result = await measurePagedPacing({
      config,
      producer,
      namespace,
      logger: createLogger('shopify-pacing', process.env.LOG_LEVEL ?? 'warn'),
      seconds: SECONDS,
      restoreRate: RESTORE_RATE,
      bucketLevel: () => sb.bucket.available(),
    });
    await producer.disconnect();

    expect(result.finished).toBe(false);
    expect(result.stats.throttled).toBe(0);
    expect(result.restoreRateUse).toBeGreaterThanOrEqual(0.9);
    // Paced, not merely slowed: the sandbox's bucket was never overdrawn either.
    expect(result.restoreRateUse).toBeLessThanOrEqual(1.05);
    // What was read went to the broker.
    const customers = sourceTopic('shopify', 'customer', namespace);
    expect(producer.sent.get(customers) ?? 0).toBeGreaterThan(0);
    for (const [topic, count] of producer.sent) {
      const ends = await topicEndOffsets(topic);
      expect(Number([...ends.values()].reduce((a, b) => a + b, 0n))).toBe(count);
    }
  }, 90_000);
});
