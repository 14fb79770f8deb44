import {
  CANONICAL_ENTITY_NAMES,
  SOURCE_TOPICS,
  canonicalTopic,
  profileTopic,
  sourceTopic,
} from '../../schema/events';
import type { Logger } from '../../lib/logger';
import type { Orm } from '../../store/orm';
import { OutboxRelay } from '../outbox/relay';
import type { IncomingMessage, Stream } from '../stream';
import { mapperFor } from './mappers';
import { Projector } from './projector';
import { StoreSink } from './sink';
import { outboxSource } from './sink/outbox';

export interface Projection {
  /** Publishes whatever the outbox still holds; tests and shutdown use it. */
  flushOutbox(): Promise<void>;
  stop(): Promise<void>;
}

/** The topics the projector consumes: every source topic that has a mapping to the store. */
export const projectedTopics = (namespace: string): string[] =>
  SOURCE_TOPICS.filter((t) => mapperFor(t)).map((t) => sourceTopic(t.source, t.entity, namespace));

/** Starts the projector and its outbox relay on one stream and one store. */
export async function startProjection(options: {
  stream: Stream;
  orm: Orm;
  groupId: string;
  logger: Logger;
  /** Topic namespace (TOPIC_NAMESPACE); `plexus` by default. */
  namespace?: string;
  /** Told of every batch once it is stored; benchmarks measure latency with it. */
  onApplied?: (messages: IncomingMessage[]) => void;
}): Promise<Projection> {
  const { stream, orm, groupId, logger, namespace = 'plexus' } = options;
  await stream.ensureTopics([
    ...CANONICAL_ENTITY_NAMES.map((entity) => ({
      topic: canonicalTopic(entity, namespace),
      compacted: true,
    })),
    { topic: profileTopic(namespace), compacted: true },
  ]);
  const relay = new OutboxRelay(outboxSource(orm, namespace), await stream.producer(), logger);
  relay.start();
  const projector = new Projector({
    stream,
    sink: new StoreSink(orm, namespace, (batch) => relay.handOver(batch)),
    topics: projectedTopics(namespace),
    groupId,
    logger,
    onApplied: options.onApplied,
  });
  try {
    await projector.start();
  } catch (error) {
    await relay.stop().catch(() => undefined);
    throw error;
  }
  return {
    flushOutbox: () => relay.flush(),
    async stop() {
      await projector.stop();
      // What is not sent now stays in the outbox, and a later start sends it.
      await relay
        .stop()
        .catch((error: unknown) => logger.warn({ err: error }, 'outbox not flushed at stop'));
    },
  };
}
