import type { Logger } from '../../lib/logger';
import type { Clock } from '../common/clock';
import { SeenIds } from '../common/dedupe';
import type { WebhookRoute } from '../common/ingress';
import type { WebhookQueue } from '../common/queue';
import { signedUri, verifySignatureV3 } from './webhook';
import { eventKey, webhookBodySchema } from './webhook-events';

/**
 * HubSpot's route on the ingress, `POST /webhooks/crm`. It verifies the v3 signature, drops
 * events already seen, and enqueues the rest as one job; it never processes inline, so HubSpot
 * gets its answer at once. A bad signature gets 401 and nothing is enqueued.
 */

export const WEBHOOK_PATH = '/webhooks/crm';
export const WEBHOOK_TOPIC = 'hubspot.events';

export interface HubSpotRouteOptions {
  secret: string;
  /** The target URL configured in HubSpot (its origin is what HubSpot signed). */
  webhookUrl?: string;
  queue: WebhookQueue;
  logger: Logger;
  clock: Clock;
  seen?: SeenIds;
}

export function hubspotWebhookRoute(options: HubSpotRouteOptions): WebhookRoute {
  const { queue, logger } = options;
  const seen = options.seen ?? new SeenIds();
  return {
    path: WEBHOOK_PATH,
    handle(request) {
      const check = verifySignatureV3({
        method: 'POST',
        uri: signedUri(request.url, request.headers, options.webhookUrl),
        raw: request.raw,
        headers: request.headers,
        secret: options.secret,
        now: options.clock.now(),
      });
      if (!check.valid) {
        logger.warn({ reason: check.reason, ip: request.ip }, 'HubSpot webhook rejected');
        return { status: 401 };
      }
      let json: unknown;
      try {
        json = JSON.parse(request.raw.toString('utf8'));
      } catch {
        logger.warn('HubSpot webhook body is not JSON');
        return { status: 400 };
      }
      const body = webhookBodySchema.safeParse(json);
      if (!body.success) {
        const issue = body.error.issues[0];
        logger.warn(
          { path: issue?.path.join('.'), reason: issue?.message },
          'HubSpot webhook body has an unexpected shape',
        );
        return { status: 400 };
      }
      const fresh = body.data.filter((e) => !seen.checkAndAdd(eventKey(e)));
      if (!fresh.length) return { status: 200 };
      const accepted = queue.enqueue({
        topic: WEBHOOK_TOPIC,
        body: fresh,
        eventId: String(fresh[0]?.eventId),
        triggeredAt: new Date(check.timestamp),
      });
      if (!accepted) {
        // HubSpot retries a 503; these events must count as unseen when it does.
        for (const e of fresh) seen.forget(eventKey(e));
        return { status: 503 };
      }
      return { status: 200 };
    },
  };
}
