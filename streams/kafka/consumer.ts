import type { Consumer, Kafka } from 'kafkajs';
import { streamConsumerCrashed, streamConsumerRestarts } from '../../lib/metrics';
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

/** The longest wait between restarts of a consumer that keeps crashing. */
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * A kafkajs consumer that commits a batch's offsets only after the handler resolved, which is what
 * lets the projector commit offsets after, and only after, its store transaction.
 */
export class KafkaConsumer implements StreamConsumer {
  private readonly consumer: Consumer;
  private connected: Promise<void> | undefined;
  private running: ConsumerRunOptions | undefined;
  private stopping = false;
  /** Crashes since the last batch that went through: drives the backoff and the once-per-change log. */
  private crashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  private readonly heartbeatMs: number;

  constructor(
    kafka: Kafka,
    private readonly groupId: string,
    sessionTimeout = DEFAULT_SESSION_TIMEOUT_MS,
  ) {
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
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      this.onCrash(payload.error, payload.restart),
    );
    this.consumer.on(this.consumer.events.GROUP_JOIN, () =>
      streamConsumerCrashed.set({ group: this.groupId }, 0),
    );
  }

  /**
   * kafkajs restarts a crashed consumer only when the error is retriable; after any other (an
   * UNKNOWN_MEMBER_ID while rejoining a busy group, a TypeError from a handler) it stays stopped
   * with one log line, and its partitions go unread for good. A process that consumes must keep
   * consuming, so those are restarted here too, with capped backoff.
   */
  private onCrash(error: Error, kafkajsRestarts: boolean): void {
    if (kafkajsRestarts || this.stopping || !this.running) return;
    const options = this.running;
    this.crashes += 1;
    const delayMs = Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** Math.min(this.crashes - 1, 6));
    streamConsumerCrashed.set({ group: this.groupId }, 1);
    if (this.crashes === 1) {
      this.consumer.logger().error('consumer crashed and kafkajs will not restart it; restarting', {
        groupId: this.groupId,
        error: error.message,
        delayMs,
      });
    }
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      streamConsumerRestarts.inc({ group: this.groupId });
      // The crash disconnected it; subscriptions are kept, so connect and run again.
      this.connected = undefined;
      this.start(options).catch((failed: unknown) =>
        this.onCrash(failed instanceof Error ? failed : new Error(String(failed)), false),
      );
    }, delayMs);
  }

  private recovered(): void {
    if (this.crashes === 0) return;
    this.consumer.logger().info('consumer running again after a crash', {
      groupId: this.groupId,
      crashes: this.crashes,
    });
    this.crashes = 0;
    streamConsumerCrashed.set({ group: this.groupId }, 0);
  }

  private connect(): Promise<void> {
    this.connected ??= this.consumer.connect();
    return this.connected;
  }

  async subscribe(topics: string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    await this.connect();
    await this.consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
  }

  async run(options: ConsumerRunOptions): Promise<void> {
    this.running = options;
    await this.start(options);
  }

  private async start({ eachBatch }: ConsumerRunOptions): Promise<void> {
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
        this.recovered();
      },
    });
  }

  async disconnect(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    streamConsumerCrashed.set({ group: this.groupId }, 0);
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
