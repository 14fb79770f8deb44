import pRetry, { AbortError } from 'p-retry';
import type { ChangeEvent } from '../../schema/events';
import { decodeEvent } from '../codec';
import { errorMessage } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { batchSeconds, eventsApplied } from '../../lib/metrics';
import { sendToDeadLetters, type Poison } from './dead-letter';
import { GroupCommit } from './group-commit';
import { isTransient } from './transient';
import type { Batch, IncomingMessage, Stream, StreamConsumer, StreamProducer } from '../stream';

/** The store side of the projector: pure mapping first, then one transaction per batch. */
export interface EventSink {
  /** Returns why an event cannot be applied at all (no mapping for it), or null. Pure and cheap. */
  check(event: ChangeEvent): string | null;
  /** Applies the events in one transaction; throws when the store refuses or is unreachable. */
  apply(events: ChangeEvent[]): Promise<void>;
  /** How many `apply` transactions may run at once (1 for a database with a single writer). */
  readonly concurrency?: number;
}

export interface ProjectorOptions {
  stream: Stream;
  sink: EventSink;
  topics: string[];
  groupId: string;
  logger: Logger;
  /** Called after each committed store transaction, e.g. to wake the outbox relay. */
  onApplied?: (messages: IncomingMessage[]) => void;
}

interface Decoded {
  message: IncomingMessage;
  event: ChangeEvent;
}

/**
 * Applies source events to the canonical store. At-least-once in, exactly-once in effect: the
 * store rejects duplicates and stale versions, and offsets are committed only after the store
 * transaction (the stream commits when eachBatch resolves).
 */
export class Projector {
  private consumer: StreamConsumer | undefined;
  private readonly groupCommit: GroupCommit<ChangeEvent>;
  private producer: StreamProducer | undefined;
  private readonly shutdown = new AbortController();

  constructor(private readonly options: ProjectorOptions) {
    this.groupCommit = new GroupCommit(
      (events) => options.sink.apply(events),
      options.sink.concurrency ?? 1,
    );
  }

  async start(): Promise<void> {
    const { stream, topics, groupId } = this.options;
    await stream.ensureTopics(topics.flatMap((topic) => [{ topic }, { topic: `${topic}.dlq` }]));
    this.producer = await stream.producer();
    this.consumer = await stream.consumer(groupId);
    await this.consumer.subscribe(topics, { fromBeginning: true });
    await this.consumer.run({ eachBatch: (batch) => this.handle(batch) });
  }

  /** Graceful: the batch in flight finishes (or is abandoned uncommitted), then the group is left. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async handle(batch: Batch): Promise<void> {
    const end = batchSeconds.startTimer();
    const poisons: Poison[] = [];
    const decoded: Decoded[] = [];
    for (const message of batch.messages) {
      const result = decodeEvent(message.topic, message.value);
      const reason = result.ok ? this.options.sink.check(result.event) : result.reason;
      if (result.ok && reason === null) decoded.push({ message, event: result.event });
      else poisons.push({ message, reason: reason ?? 'unmappable' });
    }
    const rejected = await this.applyIsolatingPoison(decoded, true);
    poisons.push(...rejected);
    if (poisons.length > 0) {
      await this.untilDone('dead letters', () =>
        sendToDeadLetters(this.requireProducer(), poisons),
      );
      for (const { message, reason } of poisons) {
        this.options.logger.warn(
          { topic: message.topic, partition: message.partition, offset: message.offset, reason },
          'event sent to the dead-letter topic',
        );
      }
    }
    eventsApplied.inc({ topic: batch.topic, outcome: 'applied' }, decoded.length - rejected.length);
    eventsApplied.inc({ topic: batch.topic, outcome: 'dead-lettered' }, poisons.length);
    end();
    this.options.onApplied?.(batch.messages);
  }

  /**
   * Applies the batch; when the store rejects it for a reason that is about the data, halves it
   * until the offending events are alone, so that one bad event cannot stall its partition.
   */
  private async applyIsolatingPoison(items: Decoded[], whole = false): Promise<Poison[]> {
    if (items.length === 0) return [];
    const events = items.map((item) => item.event);
    try {
      // A whole batch may share a transaction with other partitions' batches; halves go alone.
      await this.untilDone('store transaction', () =>
        whole ? this.groupCommit.submit(events) : this.options.sink.apply(events),
      );
      return [];
    } catch (error) {
      if (this.shutdown.signal.aborted) throw error;
      const [item] = items;
      if (items.length === 1 && item) {
        return [
          { message: item.message, reason: `could not apply the event: ${errorMessage(error)}` },
        ];
      }
      const middle = Math.ceil(items.length / 2);
      return [
        ...(await this.applyIsolatingPoison(items.slice(0, middle))),
        ...(await this.applyIsolatingPoison(items.slice(middle))),
      ];
    }
  }

  /** Retries transient failures with backoff until they pass or the projector stops. */
  private untilDone(what: string, work: () => Promise<void>): Promise<void> {
    return pRetry(
      async () => {
        try {
          await work();
        } catch (error) {
          if (!isTransient(error)) throw new AbortError(error as Error);
          throw error;
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: 100,
        maxTimeout: 5_000,
        signal: this.shutdown.signal,
        onFailedAttempt: ({ error, attemptNumber }) =>
          this.options.logger.warn({ err: error, attemptNumber }, `${what} failed; retrying`),
      },
    );
  }

  private requireProducer(): StreamProducer {
    if (!this.producer) throw new Error('projector is not started');
    return this.producer;
  }
}
