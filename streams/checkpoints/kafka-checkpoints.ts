import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
import { TransientError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { KafkaStream } from '../kafka';
import type { StreamProducer } from '../stream';
import type { CheckpointStore } from './checkpoint-store';

const READ_TIMEOUT_MS = 60_000;

/** The compacted topic of a namespace's connector checkpoints, beside the topics they cover. */
export const checkpointTopic = (namespace: string) => `${namespace}.connector-checkpoints`;

/**
 * Checkpoints with Kafka: one compacted, single-partition topic per namespace, keyed
 * `<source>/<key>`, read whole at the first `get` and appended to on every `set`. A connector sets
 * a checkpoint only after the sends of the events it covers resolved, and those sends wait for
 * every in-sync replica (acks=-1), so the checkpoint is never ahead of the events; and a new
 * namespace or a new cluster has no checkpoints, so no backfill is skipped.
 */
export class KafkaCheckpoints {
  readonly topic: string;
  private loading: Promise<Map<string, string>> | undefined;
  private producing: Promise<StreamProducer> | undefined;

  constructor(
    private readonly stream: KafkaStream,
    namespace: string,
    private readonly logger: Logger,
  ) {
    this.topic = checkpointTopic(namespace);
  }

  forSource(source: string): CheckpointStore {
    return {
      get: async (key) => (await this.load()).get(`${source}/${key}`),
      set: async (key, value) => {
        const values = await this.load();
        this.producing ??= this.stream.producer();
        await (await this.producing).send(this.topic, [{ key: `${source}/${key}`, value }]);
        values.set(`${source}/${key}`, value);
      },
    };
  }

  private load(): Promise<Map<string, string>> {
    if (!this.loading) {
      const loading = this.ensureTopic().then(() => this.read());
      // A failed read is not kept: the next call reads again.
      loading.catch(() => this.loading === loading && (this.loading = undefined));
      this.loading = loading;
    }
    return this.loading;
  }

  private async ensureTopic(): Promise<void> {
    await this.stream.withAdmin(async (admin) => {
      if ((await admin.listTopics()).includes(this.topic)) return;
      // Resolves false when another process created it first.
      await admin.createTopics({
        waitForLeaders: false,
        topics: [
          {
            topic: this.topic,
            numPartitions: 1,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
      });
    });
  }

  /** Everything up to the end the topic had when reading began; the newest value per key wins. */
  private async read(): Promise<Map<string, string>> {
    const offsets = await pRetry(
      () => this.stream.withAdmin((admin) => admin.fetchTopicOffsets(this.topic)),
      { retries: 20, minTimeout: 100, maxTimeout: 1_000 },
    );
    const ends = new Map(
      offsets
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, BigInt(p.high)]),
    );
    const values = new Map<string, string>();
    if (ends.size === 0) return values;
    // kafkajs reads only in a group: a throwaway one, deleted afterwards.
    const groupId = `${this.topic}-reader-${randomUUID()}`;
    const consumer = await this.stream.consumer(groupId);
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.subscribe([this.topic], { fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () => reject(new TransientError(`${this.topic} not read within ${READ_TIMEOUT_MS} ms`)),
          READ_TIMEOUT_MS,
        );
        consumer
          .run({
            eachBatch: async ({ partition, messages }) => {
              for (const message of messages) {
                if (message.key === null) continue;
                if (message.value === null) values.delete(message.key);
                else values.set(message.key, message.value);
              }
              const last = messages.at(-1);
              const end = ends.get(partition);
              if (last && end !== undefined && BigInt(last.offset) + 1n >= end) {
                ends.delete(partition);
              }
              if (ends.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await this.stream
        .withAdmin((admin) => admin.deleteGroups([groupId]))
        .catch((error: unknown) =>
          this.logger.debug({ err: error, groupId }, 'checkpoint reader group not deleted'),
        );
    }
    this.logger.info({ topic: this.topic, checkpoints: values.size }, 'checkpoints read');
    return values;
  }
}
