import kafkajs, { Kafka, logLevel, type Admin } from 'kafkajs';
import { TOPIC_DEFAULTS } from '../../schema/events';
import pRetry from 'p-retry';
import { createLogger } from '../../lib/logger';
import { KafkaConsumer } from './consumer';
import { keyHashPartitioner } from './partitioner';
import type { KafkaSecurity } from './security';
import type { Stream, StreamConsumer, StreamProducer, TopicSpec } from '../stream';

const log = createLogger('kafka');

// kafkajs's ESM entry names only some of its exports.
const { ConfigResourceTypes } = kafkajs;

const COMPACT = { name: 'cleanup.policy', value: 'compact' };

/**
 * Topics created before they were declared compacted (canonical topics of earlier releases) are
 * switched over. alterConfigs replaces a topic's whole set of overrides, so the others are kept.
 */
async function compactExisting(admin: Admin, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  const stale = resources.filter((r) =>
    r.configEntries.some((e) => e.configName === COMPACT.name && e.configValue !== COMPACT.value),
  );
  if (stale.length === 0) return;
  log.info(
    { topics: stale.map((r) => r.resourceName) },
    'switching topics to cleanup.policy=compact',
  );
  await admin.alterConfigs({
    validateOnly: false,
    resources: stale.map((r) => ({
      type: ConfigResourceTypes.TOPIC,
      name: r.resourceName,
      configEntries: [
        ...r.configEntries
          .filter((e) => !e.isDefault && !e.readOnly && e.configName !== COMPACT.name)
          .map((e) => ({ name: e.configName, value: e.configValue })),
        COMPACT,
      ],
    })),
  });
}

/** The Kafka stream, on kafkajs. One client per process; producers and consumers hang off it. */
export class KafkaStream implements Stream {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(options: { brokers: string[]; clientId: string; security?: KafkaSecurity }) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ...options.security,
      // kafkajs warns about every retried request; only what it gives up on is worth a log line.
      logLevel: logLevel.ERROR,
      // Connection errors are the retried ones; what kafkajs gives up on is logged by the others.
      logCreator: () => (entry) =>
        entry.namespace === 'Connection'
          ? log.debug({ namespace: entry.namespace }, entry.log.message)
          : log.error({ namespace: entry.namespace }, entry.log.message),
      retry: { initialRetryTime: 200, retries: 10 },
    });
  }

  async producer(): Promise<StreamProducer> {
    // Idempotent, so that kafkajs's own retries cannot duplicate a message within a session.
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
      createPartitioner: keyHashPartitioner,
    });
    await producer.connect();
    const disconnect = () => producer.disconnect();
    this.closers.push(disconnect);
    return {
      send: async (topic, messages) => {
        await producer.send({ topic, acks: -1, messages });
      },
      disconnect,
    };
  }

  async consumer(groupId: string): Promise<StreamConsumer> {
    const consumer = new KafkaConsumer(this.kafka, groupId);
    this.closers.push(() => consumer.disconnect());
    return consumer;
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    await this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      await compactExisting(
        admin,
        topics.filter((t) => t.compacted && existing.has(t.topic)).map((t) => t.topic),
      );
      const missing = topics.filter(({ topic }) => !existing.has(topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map(({ topic, partitions, compacted }) => ({
          topic,
          numPartitions: partitions ?? TOPIC_DEFAULTS.partitions,
          configEntries: compacted ? [COMPACT] : [],
        })),
      });
      // kafkajs's own waitForLeaders asks brokers that may not know the topics yet; poll instead.
      await pRetry(
        async () => {
          const { topics: metadata } = await admin.fetchTopicMetadata({
            topics: missing.map(({ topic }) => topic),
          });
          const ready = metadata.every(
            (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
          );
          if (!ready) throw new Error('topics have no leaders yet');
        },
        { retries: 50, minTimeout: 100, maxTimeout: 500 },
      );
    });
  }

  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}
