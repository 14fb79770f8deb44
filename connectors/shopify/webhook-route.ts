import type { Logger } from '../../lib/logger';
import { SeenIds } from '../common/dedupe';
import type { WebhookRoute } from '../common/ingress';
import type { WebhookQueue } from '../common/queue';
import { validateWebhook } from './webhook';
import { isComplianceTopic, type ComplianceTopic } from './compliance';
import type { WebhookAnswer } from '../common/ingress';

/**
 * Shopify's route on the ingress, `POST /webhooks/shopify`. It verifies, de-duplicates and
 * enqueues; it never processes inline, so it answers well within Shopify's 5 s. A bad signature
 * gets 401 and an empty body: nothing else, and nothing is enqueued.
 */

export const WEBHOOK_PATH = '/webhooks/shopify';

export interface ShopifyRouteOptions {
  secrets: readonly string[];
  queue: WebhookQueue;
  logger: Logger;
  seen?: SeenIds;
  /**
   * Shopify's privacy webhooks (compliance.ts), answered only once they are durable. Without it
   * they get a 503, so Shopify keeps them until a connector that can queue them runs.
   */
  compliance?: (topic: ComplianceTopic, body: unknown) => Promise<WebhookAnswer>;
}

export function shopifyWebhookRoute(options: ShopifyRouteOptions): WebhookRoute {
  const { queue, logger, secrets } = options;
  const seen = options.seen ?? new SeenIds();
  return {
    path: WEBHOOK_PATH,
    handle(request) {
      const check = validateWebhook(request.raw, request.headers, secrets);
      if (!check.valid) {
        logger.warn({ reason: check.reason, ip: request.ip }, 'Shopify webhook rejected');
        return { status: 401 };
      }
      let body: unknown;
      try {
        body = JSON.parse(request.raw.toString('utf8'));
      } catch {
        logger.warn({ topic: check.topic }, 'Shopify webhook body is not JSON');
        return { status: 400 };
      }
      if (isComplianceTopic(check.topic)) {
        // Not de-duplicated here: a repeat names the same request, which is honoured once.
        if (options.compliance) return options.compliance(check.topic, body);
        logger.warn({ topic: check.topic }, 'Shopify compliance webhook with nobody to queue it');
        return { status: 503 };
      }
      if (check.eventId && seen.checkAndAdd(check.eventId)) return { status: 200 };
      const accepted = queue.enqueue({
        topic: check.topic,
        body,
        eventId: check.eventId,
        triggeredAt: check.triggeredAt,
      });
      if (!accepted) {
        // Let Shopify retry it later, and do not count this delivery as seen.
        if (check.eventId) seen.forget(check.eventId);
        return { status: 503 };
      }
      return { status: 200 };
    },
  };
}
