/**
 * The stream interface. Kafka (streams/kafka) and the in-process stream (streams/memory) both
 * implement it, so the projector, the outbox relay and the connectors never know which one runs.
 * Its shape follows kafkajs: keyed messages on partitioned topics, consumer groups, batches with
 * explicit offset commits.
 */

export interface OutgoingMessage {
  key: string;
  /** null is a tombstone: on a compacted topic, the key's last message, then nothing. */
  value: string | null;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Offset as a decimal string, as kafkajs gives it (it may exceed 2^53). */
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** Milliseconds since the epoch, set by the producer. */
  timestamp: number;
}

export interface Batch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
}

export interface TopicSpec {
  topic: string;
  partitions?: number;
  /** Keep only the last message per key (`cleanup.policy=compact`) instead of a retention time. */
  compacted?: boolean;
}

export interface StreamProducer {
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Partitions whose batches may be in flight at once in one consumer (kafkajs's
 * partitionsConsumedConcurrently); each partition still gets its batches one at a time, in order.
 */
export const PARTITIONS_CONSUMED_CONCURRENTLY = 8;

export interface ConsumerRunOptions {
  /**
   * Called with each batch of one partition. When it resolves, the offsets of all its messages are
   * committed; when it throws, nothing is committed, the error is logged, and the batch is
   * delivered again after a capped backoff. stream.contract.ts holds both streams to this.
   */
  eachBatch(batch: Batch): Promise<void>;
}

export interface StreamConsumer {
  subscribe(topics: string[], options?: { fromBeginning?: boolean }): Promise<void>;
  run(options: ConsumerRunOptions): Promise<void>;
  /** Stops fetching, waits for the batch in flight and its commit, then leaves the group. */
  disconnect(): Promise<void>;
}

export interface Stream {
  readonly kind: 'kafka' | 'memory';
  producer(): Promise<StreamProducer>;
  consumer(groupId: string): Promise<StreamConsumer>;
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  close(): Promise<void>;
}
