import type { Consumer, Kafka } from 'kafkajs';
import {
  PARTITIONS_CONSUMED_CONCURRENTLY,
  type ConsumerRunOptions,
  type IncomingMessage,
  type StreamConsumer,
} from '../stream';

/**
 * How long the broker waits for a silent member before it hands its partitions to the others. A
 * restarted process waits this long for the partitions its killed predecessor held (kafkajs has no
 * static membership, group.instance.id, to take them back at once), so it is short; heartbeats go
 * out during long store transactions too, so a slow batch does not cost the group its member.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;

/**
 * A kafkajs consumer that commits a batch's offsets only after the handler resolved, which is what
 * lets the projector commit offsets after, and only after, its store transaction.
 */
export class KafkaConsumer implements StreamConsumer {
  private readonly consumer: Consumer;
  private connected: Promise<void> | undefined;

  private readonly heartbeatMs: number;

  constructor(kafka: Kafka, groupId: string, sessionTimeout = DEFAULT_SESSION_TIMEOUT_MS) {
    // Kafka's advice is at most a third of the session; a fifth leaves room for a lost heartbeat.
    this.heartbeatMs = Math.max(100, Math.floor(sessionTimeout / 5));
    this.consumer = kafka.consumer({
      groupId,
      // Large fetches feed large store transactions; the projector's throughput rests on them.
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: 100,
      sessionTimeout,
      heartbeatInterval: this.heartbeatMs,
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
      partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
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
        await whileBeating(heartbeat, this.heartbeatMs, () =>
          eachBatch({ topic: batch.topic, partition: batch.partition, messages }),
        );
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

/**
 * Runs the handler while heartbeating: kafkajs heartbeats only between batches, and a store
 * transaction retried through a database restart can outlast the session. kafkajs spaces the
 * calls by the heartbeat interval, whichever partition makes them. A failed heartbeat (a rebalance)
 * is left to the heartbeat after the batch and to the fetch loop, which act on it.
 */
async function whileBeating<T>(
  heartbeat: () => Promise<void>,
  intervalMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => heartbeat().catch(() => undefined), intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
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
