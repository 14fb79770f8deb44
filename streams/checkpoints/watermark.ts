import { EventEmitter } from 'node:events';
import type {
  ConsumerRunOptions,
  OutgoingMessage,
  Stream,
  StreamConsumer,
  StreamProducer,
  TopicSpec,
} from '../stream';

/** The sequence number the next message sent will get: every message sent before has a lower one. */
export type Mark = number;

/** Names the header that carries a message's sequence number from the producer to the group. */
export const SEQUENCE_HEADER = 'plexus-sequence';

/**
 * One topic's messages not yet handled, as sequence numbers in the order they were given out.
 * Partitions are handled independently, so handling is out of order; the lowest outstanding
 * number is what a mark is compared with.
 */
class Outstanding {
  private sent: number[] = [];
  private head = 0;
  private readonly done = new Set<number>();

  add(sequence: number): void {
    this.sent.push(sequence);
  }

  remove(sequence: number): void {
    if (sequence < 0) return;
    this.done.add(sequence);
    while (this.head < this.sent.length && this.done.delete(this.sent[this.head] ?? -1)) {
      this.head += 1;
    }
    if (this.head > 4_096) {
      this.sent = this.sent.slice(this.head);
      this.head = 0;
    }
  }

  lowest(): number {
    return this.sent[this.head] ?? Number.POSITIVE_INFINITY;
  }
}

/**
 * The in-process stream seen from one consumer group (the projector's). Every message sent gets a
 * sequence number (in a header); the group's handled messages (its batch handler resolved, so they
 * are stored or dead-lettered) are struck off. A mark taken after a send is reached once no message
 * numbered below it is outstanding on any topic the group reads, on any partition: per-message, not
 * per-count, because one partition may run ahead of another.
 *
 * Exact on the in-process stream only: its log starts empty with the process and the group reads it
 * from the beginning. On Kafka the covered events are durable once sent, so nothing waits there.
 */
export class AppliedWatermark implements Stream {
  readonly kind: Stream['kind'];
  private next = 0;
  private readonly outstanding = new Map<string, Outstanding>();
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
    return this.next;
  }

  /** False until the group has subscribed: a topic it will read must not count as caught up. */
  reached(mark: Mark): boolean {
    if (this.read.size === 0) return false;
    for (const topic of this.read) {
      if ((this.outstanding.get(topic)?.lowest() ?? Number.POSITIVE_INFINITY) < mark) return false;
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

  private topic(topic: string): Outstanding {
    let outstanding = this.outstanding.get(topic);
    if (!outstanding) this.outstanding.set(topic, (outstanding = new Outstanding()));
    return outstanding;
  }

  async producer(): Promise<StreamProducer> {
    const producer = await this.inner.producer();
    return {
      send: async (topic, messages) => {
        // Topics the group does not read (the canonical ones, dead letters) are not tracked.
        if (this.read.size > 0 && !this.read.has(topic)) return producer.send(topic, messages);
        const outstanding = this.topic(topic);
        const numbered: OutgoingMessage[] = messages.map((message) => {
          const sequence = this.next++;
          outstanding.add(sequence);
          return { ...message, headers: { ...message.headers, [SEQUENCE_HEADER]: `${sequence}` } };
        });
        try {
          await producer.send(topic, numbered);
        } catch (error) {
          // Not in the log, so never handled: not outstanding either.
          for (const message of numbered) outstanding.remove(sequenceOf(message.headers));
          this.progress.emit('progress');
          throw error;
        }
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
        for (const topic of this.outstanding.keys()) {
          if (!this.read.has(topic)) this.outstanding.delete(topic);
        }
        this.progress.emit('progress');
      },
      run: ({ eachBatch }: ConsumerRunOptions) =>
        consumer.run({
          eachBatch: async (batch) => {
            await eachBatch(batch);
            const outstanding = this.topic(batch.topic);
            for (const message of batch.messages) outstanding.remove(sequenceOf(message.headers));
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

/** A message sent around the watermark (no header) is not tracked: -1 is never outstanding. */
function sequenceOf(headers: Record<string, string> | undefined): number {
  const value = headers?.[SEQUENCE_HEADER];
  return value === undefined ? -1 : Number(value);
}
