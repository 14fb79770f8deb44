import { EventEmitter } from 'node:events';
import type {
  ConsumerRunOptions,
  Stream,
  StreamConsumer,
  StreamProducer,
  TopicSpec,
} from '../stream';

/** How many messages each topic had been sent when the mark was taken. */
export type Mark = ReadonlyMap<string, number>;

/**
 * The in-process stream seen from one consumer group (the projector's): how many messages were
 * sent to each topic, and how many of them the group has handled (its batch handler resolved, so
 * they are stored or dead-lettered). A mark taken after a send is reached once the group has
 * handled every message sent before it, on every partition of every topic it reads.
 *
 * Counting is exact on the in-process stream only: its log starts empty with the process, the
 * group reads it from the beginning, and a batch is handled once or else delivered again. On Kafka
 * the covered events are durable once sent, so nothing waits there (see kafka-checkpoints.ts).
 */
export class AppliedWatermark implements Stream {
  readonly kind: Stream['kind'];
  private readonly sent = new Map<string, number>();
  private readonly handled = new Map<string, number>();
  private readonly read = new Set<string>();
  private readonly progress = new EventEmitter();

  constructor(
    private readonly inner: Stream,
    private readonly groupId: string,
  ) {
    this.kind = inner.kind;
    this.progress.setMaxListeners(0);
  }

  mark(): Mark {
    return new Map(this.sent);
  }

  /** False until the group has subscribed: a topic it will read must not count as covered. */
  reached(mark: Mark): boolean {
    if (this.read.size === 0) return false;
    for (const [topic, count] of mark) {
      if (this.read.has(topic) && (this.handled.get(topic) ?? 0) < count) return false;
    }
    return true;
  }

  /** Resolves once `mark` is reached; rejects when `signal` aborts first. */
  async until(mark: Mark, signal: AbortSignal): Promise<void> {
    while (!this.reached(mark)) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const done = () => {
          this.progress.off('progress', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.progress.on('progress', done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  async producer(): Promise<StreamProducer> {
    const producer = await this.inner.producer();
    return {
      send: async (topic, messages) => {
        await producer.send(topic, messages);
        this.sent.set(topic, (this.sent.get(topic) ?? 0) + messages.length);
      },
      disconnect: () => producer.disconnect(),
    };
  }

  async consumer(groupId: string): Promise<StreamConsumer> {
    const consumer = await this.inner.consumer(groupId);
    if (groupId !== this.groupId) return consumer;
    return {
      subscribe: async (topics, options) => {
        await consumer.subscribe(topics, options);
        topics.forEach((topic) => this.read.add(topic));
        this.progress.emit('progress');
      },
      run: ({ eachBatch }: ConsumerRunOptions) =>
        consumer.run({
          eachBatch: async (batch) => {
            await eachBatch(batch);
            this.handled.set(
              batch.topic,
              (this.handled.get(batch.topic) ?? 0) + batch.messages.length,
            );
            this.progress.emit('progress');
          },
        }),
      disconnect: () => consumer.disconnect(),
    };
  }

  ensureTopics(topics: TopicSpec[]): Promise<void> {
    return this.inner.ensureTopics(topics);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
