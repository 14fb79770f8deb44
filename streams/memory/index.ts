import { MemoryConsumer } from './consumer';
import { MemoryLog } from './log';
import type { Stream, StreamConsumer, StreamProducer, TopicSpec } from '../stream';

/**
 * The in-process stream: the embedded default and fast unit tests. It keeps Kafka's contract
 * (keyed partitions, per-group committed offsets, redelivery of a failed batch) but nothing
 * survives the process. Tests that claim Kafka never use it.
 */
export class MemoryStream implements Stream {
  readonly kind = 'memory' as const;
  private readonly log: MemoryLog;
  private readonly groups = new Map<string, Map<string, number>>();
  private readonly consumers = new Set<StreamConsumer>();

  constructor(options: { partitions?: number } = {}) {
    this.log = new MemoryLog(options.partitions ?? 3);
  }

  async producer(): Promise<StreamProducer> {
    return {
      send: async (topic, messages) => this.log.append(topic, messages),
      disconnect: async () => undefined,
    };
  }

  async consumer(groupId: string): Promise<StreamConsumer> {
    let committed = this.groups.get(groupId);
    if (!committed) {
      committed = new Map();
      this.groups.set(groupId, committed);
    }
    const consumer = new MemoryConsumer(this.log, committed);
    this.consumers.add(consumer);
    return consumer;
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const { topic, partitions } of topics) this.log.ensure(topic, partitions);
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
  }
}
