import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger';
import { SeenIds } from './dedupe';
import type { WebhookQueue } from './queue';
import { validateWebhook } from './webhook';

/**
 * The HTTP receiver for Shopify webhooks, `POST /webhooks/shopify`. It verifies, de-duplicates and
 * enqueues; it never processes inline, so it answers well within Shopify's 5 s. A bad signature
 * gets 401 and an empty body: nothing else, and nothing is enqueued.
 */

export const WEBHOOK_PATH = '/webhooks/shopify';

export interface IngressOptions {
  host: string;
  port: number;
  secrets: readonly string[];
  queue: WebhookQueue;
  logger: Logger;
  seen?: SeenIds;
  /** Shopify's payloads can exceed fastify's 1 MiB default (large orders). */
  bodyLimit?: number;
}

export interface Ingress {
  url: string;
  server: FastifyInstance;
  seen: SeenIds;
  close(): Promise<void>;
}

export async function startIngress(options: IngressOptions): Promise<Ingress> {
  const { queue, logger, secrets } = options;
  const seen = options.seen ?? new SeenIds();
  const server = Fastify({ logger: false, bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024 });
  // The HMAC covers the exact bytes sent: keep the body raw, parse JSON only once it is verified.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  server.get('/health', async () => ({ status: 'ok', queue: queue.stats }));

  server.post(WEBHOOK_PATH, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
    const check = validateWebhook(raw, request.headers, secrets);
    if (!check.valid) {
      logger.warn({ reason: check.reason, ip: request.ip }, 'Shopify webhook rejected');
      return reply.code(401).send();
    }
    let body: unknown;
    try {
      body = JSON.parse(raw!.toString('utf8'));
    } catch {
      logger.warn({ topic: check.topic }, 'Shopify webhook body is not JSON');
      return reply.code(400).send();
    }
    if (check.eventId && seen.checkAndAdd(check.eventId)) {
      return reply.code(200).send();
    }
    const accepted = queue.enqueue({
      topic: check.topic,
      body,
      eventId: check.eventId,
      triggeredAt: check.triggeredAt,
    });
    if (!accepted) {
      // Let Shopify retry it later, and do not count this delivery as seen.
      if (check.eventId) seen.forget(check.eventId);
      return reply.code(503).send();
    }
    return reply.code(200).send();
  });

  const address = await server.listen({ host: options.host, port: options.port });
  return {
    url: address,
    server,
    seen,
    close: () => server.close(),
  };
}
