import type { Logger } from '../../lib/logger';
import type { WebhookRoute } from '../common/ingress';
import type { WebhookQueue } from '../common/queue';
import type { PendingChanges } from './pending';
import type { EntityChange } from './vendor';
import { checkNotification } from './webhook';

/**
 * QuickBooks' route on the ingress, `POST /webhooks/accounting`. It verifies, drops changes of
 * other realms and changes already waiting in the queue (Intuit delivers at least once; see
 * pending.ts for why not "seen lately"), and enqueues the rest as one job; the worker does the
 * reading. A bad signature gets 401 and nothing else happens.
 */

export const WEBHOOK_PATH = '/webhooks/accounting';

export interface QuickBooksRouteOptions {
  verifierToken: string;
  realmId: string;
  queue: WebhookQueue;
  logger: Logger;
  /** Shared with the worker, which releases a job's changes when it takes the job. */
  pending: PendingChanges;
}

/** What a job carries: the entity changes to act on. */
export interface NotificationJobBody {
  changes: EntityChange[];
}

export function quickBooksWebhookRoute(options: QuickBooksRouteOptions): WebhookRoute {
  const { queue, logger, verifierToken, realmId, pending } = options;
  return {
    path: WEBHOOK_PATH,
    handle(request) {
      const check = checkNotification(request.raw, request.headers, verifierToken);
      if (!check.valid) {
        const detail = check.reason === 'bad_shape' ? check.detail : undefined;
        logger.warn(
          { reason: check.reason, detail, ip: request.ip },
          'QuickBooks webhook rejected',
        );
        if (check.reason === 'missing_signature' || check.reason === 'invalid_signature') {
          return { status: 401 };
        }
        // Only a correctly signed body gets here, so the reason can be told to the sender.
        return {
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ error: check.reason, ...(detail ? { detail } : {}) }),
        };
      }
      const ours = check.changes.filter((c) => c.realmId === realmId);
      if (ours.length < check.changes.length) {
        logger.warn(
          { realmIds: check.realmIds },
          'QuickBooks webhook names another realm: ignored',
        );
      }
      const fresh: EntityChange[] = [];
      for (const change of ours) {
        if (!pending.checkAndAdd(change)) {
          fresh.push({
            name: change.name,
            id: change.id,
            operation: change.operation,
            lastUpdated: change.lastUpdated,
          });
        }
      }
      if (fresh.length === 0) return { status: 200 };
      const body: NotificationJobBody = { changes: fresh };
      const accepted = queue.enqueue({
        topic: 'dataChangeEvent',
        body,
        eventId: undefined,
        triggeredAt: undefined,
      });
      if (!accepted) {
        // Let Intuit retry it later, and do not count these changes as waiting.
        pending.release(fresh);
        return { status: 503 };
      }
      return { status: 200 };
    },
  };
}
