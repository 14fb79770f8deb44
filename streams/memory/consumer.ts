import type { MemoryLog } from './log';
import type { ConsumerRunOptions, StreamConsumer } from '../stream';

const MAX_BATCH = 5_000;

/**
 * A consumer of the in-process stream. Committed offsets live in the group's map, which the stream
 * keeps, so a new consumer of the same group resumes where the last one committed, as in Kafka.
 * A group has one member at a time: the embedded mode runs one projector.
 */
export class MemoryConsumer implements StreamConsumer {
  private topics: string[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly log: MemoryLog,
    private readonly committed: Map<string, number>,
  ) {}

  async subscribe(topics: string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    for (const topic of topics) {
      const partitions = this.log.partitions(topic);
      partitions.forEach((messages, partition) => {
        const key = `${topic}:${partition}`;
        // Kafka's auto.offset.reset: a group with no commit starts at the beginning or the end.
        if (!this.committed.has(key))
          this.committed.set(key, options.fromBeginning ? 0 : messages.length);
      });
    }
    this.topics.push(...topics);
  }

  async run({ eachBatch }: ConsumerRunOptions): Promise<void> {
    this.running = true;
    this.loop = (async () => {
      let failures = 0;
      while (this.running) {
        let delivered = false;
        for (const topic of this.topics) {
          const partitions = this.log.partitions(topic);
          for (let partition = 0; partition < partitions.length && this.running; partition++) {
            const key = `${topic}:${partition}`;
            const from = this.committed.get(key) ?? 0;
            const messages = partitions[partition]?.slice(from, from + MAX_BATCH) ?? [];
            if (messages.length === 0) continue;
            delivered = true;
            try {
              await eachBatch({ topic, partition, messages });
              this.committed.set(key, from + messages.length);
              failures = 0;
            } catch {
              // As kafkajs does: nothing is committed and the batch comes again, after a pause.
              failures++;
              await sleep(Math.min(100 * 2 ** failures, 5_000));
            }
          }
        }
        if (!delivered && this.running) await this.log.waitForAppend(200);
      }
    })();
  }

  async disconnect(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
