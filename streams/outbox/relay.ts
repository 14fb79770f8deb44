import type { Logger } from '../../lib/logger';
import type { OutgoingMessage, StreamProducer } from '../stream';

export interface OutboxMessage extends OutgoingMessage {
  id: number;
  topic: string;
}

/** The store side of the relay. `drain` hands out the oldest rows and deletes them if `send` resolves. */
export interface OutboxSource {
  drain(limit: number, send: (rows: OutboxMessage[]) => Promise<void>): Promise<number>;
}

/**
 * Publishes the outbox to the canonical topics. The projector writes outbox rows in the same
 * transaction as the changes they describe, so the topics can lag the store but never disagree
 * with it. Delivery is at least once: a crash between send and delete repeats the rows, and each
 * message carries its outbox id (header `x-plexus-outbox-id`) for consumers that de-duplicate.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: OutboxSource,
    private readonly producer: StreamProducer,
    private readonly logger: Logger,
    private readonly options: { batchSize?: number; idleMs?: number } = {},
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Called after each projector commit so the canonical topics follow within milliseconds. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Sends everything pending now; used at shutdown and by tests. */
  async flush(): Promise<void> {
    const batchSize = this.options.batchSize ?? 2_000;
    while ((await this.source.drain(batchSize, (rows) => this.send(rows))) === batchSize);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.flush();
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox relay failed; will retry');
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.idleMs ?? 1_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async send(rows: OutboxMessage[]): Promise<void> {
    // Rows are in id order; grouping by topic keeps that order within each topic and key.
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const row of rows) {
      const list = byTopic.get(row.topic) ?? [];
      list.push({
        key: row.key,
        value: row.value,
        headers: { ...row.headers, 'x-plexus-outbox-id': String(row.id) },
      });
      byTopic.set(row.topic, list);
    }
    for (const [topic, messages] of byTopic) {
      for (const chunk of byteChunks(messages)) await this.producer.send(topic, chunk);
    }
  }
}

// Kafka refuses a request over max.message.bytes (1 MiB by default); stay well below it.
const MAX_REQUEST_BYTES = 512 * 1024;

/** Splits messages into runs whose keys and values add up to at most MAX_REQUEST_BYTES. */
export function byteChunks(messages: OutgoingMessage[]): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(message.value) + Buffer.byteLength(message.key) + 64;
    if (current.length > 0 && size + bytes > MAX_REQUEST_BYTES) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
