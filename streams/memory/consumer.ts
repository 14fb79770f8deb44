import type { Logger } from '../../lib/logger';
import type { GroupOffsets } from './groups';
import type { MemoryLog } from './log';
import type { Batch, ConsumerRunOptions, StreamConsumer } from '../stream';

const MAX_BATCH = 5_000;

/** kafkajs's retry in spirit: doubling from 100 ms, capped at 5 s, reset by a success. */
export function retryDelay(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), 5_000);
}

interface PartitionState {
  topic: string;
  partition: number;
  busy: boolean;
  failures: number;
  retryAt: number;
}

export interface MemoryConsumerOptions {
  log: MemoryLog;
  groups: GroupOffsets;
  groupId: string;
  logger: Logger;
  /** Partitions whose batches may be in flight at once, as kafkajs's partitionsConsumedConcurrently. */
  concurrency: number;
}

/**
 * A consumer of the in-process stream, consuming like the Kafka one: up to `concurrency`
 * partitions at once, each partition one batch at a time and in order. A batch whose handler
 * resolves is committed; one whose handler throws is logged and delivered again after a backoff,
 * while the other partitions carry on. A group has one running member.
 */
export class MemoryConsumer implements StreamConsumer {
  private readonly topics: string[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly wake = new Wakeup();

  constructor(private readonly options: MemoryConsumerOptions) {}

  async subscribe(topics: string[], options: { fromBeginning?: boolean } = {}): Promise<void> {
    for (const topic of topics) {
      this.options.groups.join(this.options.groupId, topic, options.fromBeginning ?? false);
    }
    this.topics.push(...topics);
  }

  async run({ eachBatch }: ConsumerRunOptions): Promise<void> {
    if (this.running) throw new Error('the consumer is already running');
    this.options.groups.claim(this.options.groupId, this);
    this.running = true;
    const stopListening = this.options.log.onAppend(() => this.wake.notify());
    this.loop = this.consume(eachBatch)
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, group: this.options.groupId }, 'consumer stopped'),
      )
      .finally(() => {
        stopListening();
        this.running = false;
        this.options.groups.release(this.options.groupId, this);
      });
  }

  async disconnect(): Promise<void> {
    this.running = false;
    this.wake.notify();
    await this.loop;
  }

  private async consume(eachBatch: ConsumerRunOptions['eachBatch']): Promise<void> {
    const { log, groups, groupId, concurrency } = this.options;
    const states = new Map<string, PartitionState>();
    const inFlight = new Set<Promise<void>>();
    let cursor = 0;
    while (this.running) {
      const assigned = this.assigned(states);
      const now = Date.now();
      let nextRetry = Number.POSITIVE_INFINITY;
      // Starting the scan one partition further each time keeps busy partitions from starving
      // the ones after them when more have messages than may be in flight.
      for (let i = 0; i < assigned.length && inFlight.size < concurrency; i++) {
        const state = assigned[(cursor + i) % assigned.length];
        if (!state || state.busy) continue;
        if (state.retryAt > now) {
          nextRetry = Math.min(nextRetry, state.retryAt);
          continue;
        }
        const from = groups.position(groupId, state.topic, state.partition);
        const messages = log.partitions(state.topic)[state.partition]?.read(from, MAX_BATCH) ?? [];
        if (messages.length === 0) continue;
        state.busy = true;
        const batch = { topic: state.topic, partition: state.partition, messages };
        const task = this.deliver(eachBatch, batch, state).finally(() => {
          state.busy = false;
          inFlight.delete(task);
          this.wake.notify();
        });
        inFlight.add(task);
      }
      cursor = (cursor + 1) % Math.max(1, assigned.length);
      await this.wake.wait(nextRetry - now);
    }
    // As kafkajs's disconnect does: the batches in flight finish, and are committed.
    await Promise.all(inFlight);
  }

  private async deliver(
    eachBatch: ConsumerRunOptions['eachBatch'],
    batch: Batch,
    state: PartitionState,
  ): Promise<void> {
    const { topic, partition, messages } = batch;
    const first = messages[0]?.offset;
    try {
      await eachBatch(batch);
    } catch (error) {
      // Nothing is committed, and the batch comes again: logged once when the partition starts
      // failing, not at every attempt.
      state.failures++;
      state.retryAt = Date.now() + retryDelay(state.failures);
      const context = { err: error, group: this.options.groupId, topic, partition, offset: first };
      if (state.failures === 1) {
        this.options.logger.error(context, 'batch handler failed; the batch will be redelivered');
      } else {
        this.options.logger.debug({ ...context, attempt: state.failures }, 'batch failed again');
      }
      return;
    }
    if (state.failures > 0) {
      this.options.logger.info(
        { group: this.options.groupId, topic, partition, offset: first, attempts: state.failures },
        'batch handler succeeded after failing',
      );
    }
    state.failures = 0;
    const last = Number(messages[messages.length - 1]?.offset ?? first);
    this.options.groups.commit(this.options.groupId, topic, partition, last + 1);
  }

  /** Every partition of the subscribed topics, with its state kept across scans. */
  private assigned(states: Map<string, PartitionState>): PartitionState[] {
    const assigned: PartitionState[] = [];
    for (const topic of this.topics) {
      this.options.log.partitions(topic).forEach((_, partition) => {
        const key = `${topic}:${partition}`;
        let state = states.get(key);
        if (!state) {
          state = { topic, partition, busy: false, failures: 0, retryAt: 0 };
          states.set(key, state);
        }
        assigned.push(state);
      });
    }
    return assigned;
  }
}

/** A wake-up call that is not lost when it comes before the wait. */
class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.resolve?.();
  }

  /** Resolves at the next notify (or a pending one), or after `timeoutMs` when that is finite. */
  async wait(timeoutMs: number): Promise<void> {
    if (!this.pending) {
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(resolve, Math.max(0, timeoutMs))
          : undefined;
        this.resolve = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.pending = false;
    this.resolve = undefined;
  }
}
