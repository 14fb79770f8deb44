import { randomUUID } from 'node:crypto';
import { AuditEntry, auditTopic, type AuditAction } from '../../schema/events';
import { dialect, type Orm } from '../../store/orm';
import { encodeServiceMessage } from '../codec';
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

/** Records one entry now; a relay publishes it (see streams/outbox/relay.ts, left-behind rows). */
export async function recordAudit(orm: Orm, namespace: string, entry: AuditInput): Promise<void> {
  const at = new Date();
  await writeOutboxRow(
    { em: orm.em.fork(), dialect: dialect(orm) },
    [auditItem(namespace, entry, at)],
    at,
  );
}
