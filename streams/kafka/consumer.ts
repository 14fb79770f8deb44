import type { Consumer, Kafka } from 'kafkajs';
import type { ConsumerRunOptions, IncomingMessage, StreamConsumer } from '../stream';

/**
 * A kafkajs consumer that commits a batch's offsets only after the handler resolved, which is what
 * lets the projector commit offsets after, and only after, its store transaction.
 */
export class KafkaConsumer implements StreamConsumer {
  private readonly consumer: Consumer;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka, groupId: string) {
    this.consumer = kafka.consumer({
      groupId,
      // Large fetches feed large store transactions; the projector's throughput rests on them.
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { initialRetryTime: 300, retries: Number.MAX_SAFE_INTEGER },
    });
  }

  private connect(): Promise<void> {
    this.connected ??= this.consumer.connect();
    return this.connected;
  }

  async subscribe(topics: string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    await this.connect();
    await this.consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
  }

  async run({ eachBatch }: ConsumerRunOptions): Promise<void> {
    await this.connect();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Several partitions' batches in flight at once let the projector's group commit put them
      // in one store transaction; each partition still gets its batches one at a time, in order.
      partitionsConsumedConcurrently: 8,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const messages: IncomingMessage[] = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString('utf8') ?? null,
          value: m.value?.toString('utf8') ?? null,
          headers: decodeHeaders(m.headers),
          timestamp: Number(m.timestamp),
        }));
        await eachBatch({ topic: batch.topic, partition: batch.partition, messages });
        const last = batch.lastOffset();
        // Moves the fetch position on; without it kafkajs fetches the same messages again.
        resolveOffset(last);
        await this.consumer.commitOffsets([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: (BigInt(last) + 1n).toString(),
          },
        ]);
        await heartbeat();
      },
    });
  }

  async disconnect(): Promise<void> {
    // kafkajs waits for the batch in flight before it leaves the group.
    await this.consumer.disconnect();
  }
}

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (Buffer.isBuffer(value)) out[name] = value.toString('utf8');
    else if (typeof value === 'string') out[name] = value;
  }
  return out;
}
