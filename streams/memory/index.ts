import { createLogger, type Logger } from '../../lib/logger';
import { reportStreamHeld } from '../../lib/metrics';
import { MemoryConsumer } from './consumer';
import { GroupOffsets } from './groups';
import { MemoryLog } from './log';
import {
  PARTITIONS_CONSUMED_CONCURRENTLY,
  type Stream,
  type StreamConsumer,
  type StreamProducer,
  type TopicSpec,
} from '../stream';

export interface MemoryStreamOptions {
  /** Partitions of a topic created without a count; 3, as the Kafka broker's num.partitions. */
  partitions?: number;
  /** Messages kept per partition of a topic that no consumer group reads (see GroupOffsets). */
  retainUnread?: number;
  logger?: Logger;
}

/**
 * The in-process stream: the embedded default and fast unit tests. It keeps Kafka's contract
 * (streams/stream.contract.ts: keyed partitions, per-group committed offsets, redelivery of a
 * failed batch, partitions consumed concurrently) but nothing survives the process. Its log is
 * trimmed as groups commit, so that memory stays bounded however long it runs.
 */
export class MemoryStream implements Stream {
  readonly kind = 'memory' as const;
  private readonly log: MemoryLog;
  private readonly groups: GroupOffsets;
  private readonly consumers = new Set<StreamConsumer>();
  private readonly logger: Logger;
  private readonly stopReporting: () => void;

  constructor(options: MemoryStreamOptions = {}) {
    this.log = new MemoryLog(options.partitions ?? 3);
    this.groups = new GroupOffsets(this.log, options.retainUnread ?? 1_000);
    this.logger = options.logger ?? createLogger('memory-stream');
    this.stopReporting = reportStreamHeld(this);
  }

  async producer(): Promise<StreamProducer> {
    return {
      send: async (topic, messages) => {
        this.log.append(topic, messages);
        this.groups.trimTopic(topic);
      },
      disconnect: async () => undefined,
    };
  }

  async consumer(groupId: string): Promise<StreamConsumer> {
    const consumer = new MemoryConsumer({
      log: this.log,
      groups: this.groups,
      groupId,
      logger: this.logger,
      concurrency: PARTITIONS_CONSUMED_CONCURRENTLY,
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    for (const { topic, partitions } of topics) this.log.ensure(topic, partitions);
  }

  /** Messages the log holds, over all topics: what trimming keeps bounded. */
  held(): number {
    return this.log.held();
  }

  async close(): Promise<void> {
    this.stopReporting();
    await Promise.all([...this.consumers].map((consumer) => consumer.disconnect()));
    this.consumers.clear();
  }
}
