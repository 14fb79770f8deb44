import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../../lib/logger';
import { canonicalTopic, type CanonicalChange } from '../../schema/events';
import { decodeCanonical } from '../../streams/codec';
import type { Batch, Stream, StreamConsumer } from '../../streams/stream';

/** The canonical entities a subscription can follow. */
export const FOLLOWED = ['order', 'customer', 'inventory-level'] as const;
export type FollowedEntity = (typeof FOLLOWED)[number];

/** A canonical change as the gateway hands it to subscribers. */
export interface FeedEvent {
  entity: FollowedEntity;
  change: CanonicalChange;
  /** When the gateway read it (ms since the epoch): the start of event → client latency. */
  receivedAt: number;
}

export type FeedListener = (event: FeedEvent) => void;

export interface ChangeFeedOptions {
  stream: Stream;
  /** TOPIC_NAMESPACE. */
  namespace: string;
  logger: Logger;
  /**
   * The consumer group. Each gateway process has its own, so that every process sees every
   * change; a new group reads from the end, as a subscription follows changes from now on.
   */
  groupId?: string;
}

/**
 * The gateway's one reader of the canonical topics, however many subscriptions there are: each
 * change is decoded once and handed to the listeners of its entity, which only queue it (see
 * subscriber.ts), so a slow subscriber never holds the consumer up.
 */
export class ChangeFeed {
  private readonly listeners = new Map<FollowedEntity, Set<FeedListener>>(
    FOLLOWED.map((entity) => [entity, new Set()]),
  );
  private readonly entityOf = new Map<string, FollowedEntity>();
  private consumer: StreamConsumer | undefined;
  private undecodable = 0;

  constructor(private readonly options: ChangeFeedOptions) {
    for (const entity of FOLLOWED) {
      this.entityOf.set(canonicalTopic(entity, options.namespace), entity);
    }
  }

  async start(): Promise<void> {
    const { stream, logger } = this.options;
    const groupId =
      this.options.groupId ??
      `${this.options.namespace}-gateway-subscriptions-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    // The projector creates them too, compacted; whoever comes first makes them alike.
    await stream.ensureTopics(
      [...this.entityOf.keys()].map((topic) => ({ topic, compacted: true })),
    );
    const consumer = await stream.consumer(groupId);
    await consumer.subscribe([...this.entityOf.keys()], { fromBeginning: false });
    await consumer.run({ eachBatch: async (batch) => this.dispatch(batch) });
    this.consumer = consumer;
    logger.info({ groupId }, 'subscriptions follow the canonical topics');
  }

  /** Calls `listener` with every change of `entity` until the returned function is called. */
  listen(entity: FollowedEntity, listener: FeedListener): () => void {
    const set = this.listeners.get(entity);
    set?.add(listener);
    return () => set?.delete(listener);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** Never throws: a batch handler that threw would have its batch delivered again. */
  private dispatch(batch: Batch): void {
    const entity = this.entityOf.get(batch.topic);
    const listeners = entity ? this.listeners.get(entity) : undefined;
    if (!entity || !listeners?.size) return;
    const receivedAt = Date.now();
    for (const message of batch.messages) {
      const decoded = decodeCanonical(message.value);
      if (!decoded.ok) {
        // The projector's outbox wrote it, so this is a bug upstream: said once, then counted.
        if (this.undecodable++ === 0) {
          this.options.logger.error(
            { topic: batch.topic, offset: message.offset, reason: decoded.reason },
            'undecodable canonical change skipped by subscriptions',
          );
        }
        continue;
      }
      const event: FeedEvent = { entity, change: decoded.change, receivedAt };
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          this.options.logger.error({ err: error }, 'subscription listener failed');
        }
      }
    }
  }
}
