import { randomUUID } from 'node:crypto';
import { AuditEntry, auditTopic, type AuditAction } from '../../schema/events';
import type { Logger } from '../../lib/logger';
import { dialect, type Orm } from '../../store/orm';
import { encodeServiceMessage } from '../codec';
import { OutboxRelay, type OutboxBatch } from '../outbox/relay';
import { outboxSource } from '../projector/sink/outbox';
import type { Stream } from '../stream';
import { writeOutboxRow, type OutboxItem } from './outbox-row';

/**
 * The audit trail on `<namespace>.audit.v1`. Entries go through the outbox like everything the
 * store announces, so one is published if and only if what it records was stored, by whichever
 * process runs a relay (the projector), even when the command that made it has no broker.
 */
export interface AuditInput {
  action: AuditAction;
  actor: string;
  subject: string;
  details?: AuditEntry['details'];
}

export function auditItem(namespace: string, entry: AuditInput, at: Date): OutboxItem {
  const value: AuditEntry = {
    id: randomUUID(),
    at: at.toISOString(),
    action: entry.action,
    actor: entry.actor,
    subject: entry.subject,
    details: entry.details ?? {},
  };
  return {
    message: {
      topic: auditTopic(namespace),
      ...encodeServiceMessage(AuditEntry, entry.subject, value),
    },
  };
}

/**
 * Records one entry now; a relay publishes it (see streams/outbox/relay.ts, left-behind rows), or
 * sendRecordedAudit with the batch returned here.
 */
export async function recordAudit(
  orm: Orm,
  namespace: string,
  entry: AuditInput,
): Promise<OutboxBatch | null> {
  const at = new Date();
  return writeOutboxRow(
    { em: orm.em.fork(), dialect: dialect(orm) },
    [auditItem(namespace, entry, at)],
    at,
  );
}

/**
 * Sends entries just recorded at once, as the projector sends what it commits, rather than leave
 * them to a running relay's search for left-behind rows (10 s and more): a key revocation then
 * reaches the gateways (gateway/key-revocations.ts) before `plexus keys revoke` returns. On
 * failure or after `timeoutMs` the rows stay in the outbox for that search; false says so.
 */
export async function sendRecordedAudit(options: {
  orm: Orm;
  namespace: string;
  stream: Stream;
  batches: OutboxBatch[];
  logger: Logger;
  timeoutMs?: number;
}): Promise<boolean> {
  const { orm, namespace, stream, batches, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the stream did not take the entries in time')),
      options.timeoutMs ?? 15_000,
    );
  });
  try {
    await Promise.race([
      (async () => {
        const relay = new OutboxRelay(
          outboxSource(orm, namespace),
          await stream.producer(),
          logger,
        );
        for (const batch of batches) relay.handOver(batch);
        // Without start(), stop() sends only what was handed over, then deletes its rows.
        await relay.stop();
      })(),
      timedOut,
    ]);
    return true;
  } catch (error) {
    logger.warn({ err: error }, 'audit entries not sent now; a running relay sends them later');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
