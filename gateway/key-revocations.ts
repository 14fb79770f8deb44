import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../lib/logger';
import { AuditEntry, auditTopic } from '../schema/events';
import { decodeServiceMessage } from '../streams/codec';
import type { Stream, StreamConsumer } from '../streams/stream';

export interface KeyRevocationsOptions {
  stream: Stream;
  /** TOPIC_NAMESPACE. */
  namespace: string;
  logger: Logger;
  /** Called with the id of each revoked key (ApiKeyAuthenticate.forgetKey). */
  forget(keyId: string): void;
}

export interface KeyRevocations {
  stop(): Promise<void>;
}

/**
 * Follows `api-key.revoked` on the audit topic, so that a gateway stops trusting a revoked key as
 * soon as the revocation is published, not when its cache entry expires. Each gateway process has
 * a group of its own, read from the end: every process must hear every revocation, and one from
 * before it started concerns no key it has cached.
 */
export async function followKeyRevocations(
  options: KeyRevocationsOptions,
): Promise<KeyRevocations> {
  const { stream, namespace, logger, forget } = options;
  const topic = auditTopic(namespace);
  const groupId = `${namespace}-gateway-key-revocations-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  await stream.ensureTopics([{ topic }]);
  const consumer: StreamConsumer = await stream.consumer(groupId);
  await consumer.subscribe([topic], { fromBeginning: false });
  let undecodable = 0;
  await consumer.run({
    // Never throws: a handler that threw would have its batch delivered again, and again.
    eachBatch: async (batch) => {
      for (const message of batch.messages) {
        if (message.value === null) continue;
        const decoded = decodeServiceMessage(AuditEntry, message.value);
        if (!decoded.ok) {
          // The outbox wrote it, so this is a bug upstream: said once, then skipped.
          if (undecodable++ === 0) {
            logger.error(
              { topic, offset: message.offset, reason: decoded.reason },
              'undecodable audit entry skipped by key revocations',
            );
          }
          continue;
        }
        if (decoded.value.action !== 'api-key.revoked') continue;
        forget(decoded.value.subject);
        logger.info({ keyId: decoded.value.subject }, 'revoked API key dropped from the cache');
      }
    },
  });
  logger.info({ groupId }, 'gateway follows API key revocations');
  return { stop: () => consumer.disconnect() };
}
