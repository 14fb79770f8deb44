import {
  CANONICAL_ENTITY_NAMES,
  SERVICE_TOPICS,
  SOURCE_TOPICS,
  canonicalTopic,
  serviceTopic,
  profileTopic,
  sourceTopic,
} from '../../schema/events';
import { PrivacyWorker } from '../privacy/worker';
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

/** The consumer group of the privacy worker that runs beside a projector of `groupId`. */
export const privacyGroupId = (groupId: string): string => `${groupId}-privacy`;

/**
 * Starts the projector, the privacy worker and the outbox relay they share on one stream and one
 * store. Sharing the relay keeps a redaction's tombstones behind the canonical messages of the
 * batches committed before it.
 */
export async function startProjection(options: {
  stream: Stream;
  orm: Orm;
  groupId: string;
  logger: Logger;
  /** Topic namespace (TOPIC_NAMESPACE); `plexus` by default. */
  namespace?: string;
  /** Told of every batch once it is stored; benchmarks measure latency with it. */
  onApplied?: (messages: IncomingMessage[]) => void;
  /** Where data requests' exports go (PLEXUS_EXPORTS_DIR). */
  exportsDir?: string;
}): Promise<Projection> {
  const { stream, orm, groupId, logger, namespace = 'plexus' } = options;
  await stream.ensureTopics([
    ...CANONICAL_ENTITY_NAMES.map((entity) => ({
      topic: canonicalTopic(entity, namespace),
      compacted: true,
    })),
    ...SERVICE_TOPICS.map((t) => ({
      topic: serviceTopic(t.name, namespace),
      compacted: t.compacted,
    })),
    { topic: profileTopic(namespace), compacted: true },
  ]);
  const relay = new OutboxRelay(outboxSource(orm, namespace), await stream.producer(), logger);
  relay.start();
  const projector = new Projector({
    stream,
    sink: new StoreSink(orm, namespace, (batch) => relay.handOver(batch), logger),
    topics: projectedTopics(namespace),
    groupId,
    logger,
    onApplied: options.onApplied,
  });
  const privacy = new PrivacyWorker({
    stream,
    orm,
    namespace,
    groupId: privacyGroupId(groupId),
    exportsDir: options.exportsDir ?? './data/exports',
    logger: logger.child({ part: 'privacy' }),
    onCommitted: (batch) => relay.handOver(batch),
  });
  try {
    await projector.start();
    await privacy.start();
  } catch (error) {
    await projector.stop().catch(() => undefined);
    await relay.stop().catch(() => undefined);
    throw error;
  }
  return {
    flushOutbox: () => relay.flush(),
    async stop() {
      await privacy.stop();
      await projector.stop();
      // What is not sent now stays in the outbox, and a later start sends it.
      await relay
        .stop()
        .catch((error: unknown) => logger.warn({ err: error }, 'outbox not flushed at stop'));
    },
  };
}
