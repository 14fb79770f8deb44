import type { Logger } from '../../lib/logger';
import { SeenIds } from '../common/dedupe';
import type { WebhookRoute } from '../common/ingress';
import type { WebhookQueue } from '../common/queue';
import { checkNotification, notificationKey } from './notification';

/**
 * BC's route on the ingress, `POST /webhooks/erp`. Two kinds of call arrive:
 * - the handshake on subscription create and renew, `?validationToken=…`: the token goes back as
 *   text/plain with 200, or BC refuses the subscription;
 * - notifications: every item's clientState is checked (a forged one gets 401 and nothing is
 *   enqueued), items already seen are dropped, the rest enqueued. Nothing is processed inline.
 *
 * BC deletes a subscription on any reply but 2xx, 408, 429 and 5xx, so a full queue answers 503
 * (BC retries) and a duplicate 202.
 */

export const WEBHOOK_PATH = '/webhooks/erp';
export const NOTIFICATION_TOPIC = 'bc/notification';

const validationToken = /^[\w\-.~+/=:]{1,1024}$/;

export interface BcRouteOptions {
  secrets: readonly string[];
  queue: WebhookQueue;
  logger: Logger;
  seen?: SeenIds;
  now?: () => number;
}

export interface BcRouteStats {
  handshakes: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

export function bcWebhookRoute(options: BcRouteOptions): WebhookRoute & { stats: BcRouteStats } {
  const { queue, logger, secrets } = options;
  const seen = options.seen ?? new SeenIds();
  const now = options.now ?? Date.now;
  const stats: BcRouteStats = { handshakes: 0, accepted: 0, rejected: 0, duplicates: 0 };
  return {
    path: WEBHOOK_PATH,
    stats,
    handle(request) {
      const token = request.query.validationToken;
      if (token !== undefined) {
        if (!validationToken.test(token)) {
          stats.rejected += 1;
          return { status: 400 };
        }
        stats.handshakes += 1;
        return { status: 200, body: token, contentType: 'text/plain; charset=utf-8' };
      }
      const check = checkNotification(request.raw, secrets);
      if (!check.valid) {
        stats.rejected += 1;
        logger.warn(
          { reason: check.reason, ip: request.ip },
          'Business Central notification rejected',
        );
        return { status: check.status };
      }
      const fresh = check.items.filter((item) => !seen.checkAndAdd(notificationKey(item)));
      stats.duplicates += check.items.length - fresh.length;
      if (!fresh.length) return { status: 202 };
      const accepted = queue.enqueue({
        topic: NOTIFICATION_TOPIC,
        body: fresh,
        eventId: undefined,
        triggeredAt: new Date(now()),
      });
      if (!accepted) {
        // Let BC retry the delivery, and do not count its items as seen.
        for (const item of fresh) seen.forget(notificationKey(item));
        return { status: 503 };
      }
      stats.accepted += fresh.length;
      return { status: 202 };
    },
  };
}
