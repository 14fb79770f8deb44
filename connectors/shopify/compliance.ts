import { z } from 'zod';
import type { Logger } from '../../lib/logger';
import {
  DEFAULT_NAMESPACE,
  PrivacyRequest,
  privacyRequestTopic,
  type PrivacyRequestKind,
} from '../../schema/events';
import { encodeServiceMessage } from '../../streams/codec';
import type { StreamProducer } from '../../streams/stream';
import type { WebhookAnswer } from '../common/ingress';

/**
 * Shopify's mandatory privacy (compliance) webhooks. Each is checked against its payload's shape
 * and put on `<namespace>.privacy.request.v1` before Shopify gets its 200: the request is then
 * durable (Shopify allows 30 days to honour it, and will not send it again once answered), and the
 * privacy worker beside the projector honours it against the store.
 */

export const COMPLIANCE_TOPICS = {
  'customers/data_request': 'data-request',
  'customers/redact': 'redact-customer',
  'shop/redact': 'redact-shop',
} as const satisfies Record<string, PrivacyRequestKind>;

export type ComplianceTopic = keyof typeof COMPLIANCE_TOPICS;

export const isComplianceTopic = (topic: string): topic is ComplianceTopic =>
  Object.hasOwn(COMPLIANCE_TOPICS, topic);

// Shopify sends ids as JSON numbers; Plexus carries them as strings, as everywhere else.
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const contact = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const shop = { shop_id: id, shop_domain: z.string().min(1) };
const customer = z.object({ id, email: contact, phone: contact });

/** What a payload says of the request; the rest (kind, source, when) is the same for all three. */
type PayloadRequest = Omit<PrivacyRequest, 'kind' | 'source' | 'receivedAt'>;

const shopOf = (p: { shop_id: string; shop_domain: string }) => ({
  shopId: p.shop_id,
  shopDomain: p.shop_domain,
});

const payloads: Record<ComplianceTopic, z.ZodType<PayloadRequest>> = {
  'customers/data_request': z
    .object({
      ...shop,
      customer,
      orders_requested: z.array(id).default([]),
      data_request: z.object({ id }),
    })
    .transform((p) => ({
      id: `data-request-${p.shop_id}-${p.data_request.id}`,
      ...shopOf(p),
      customer: p.customer,
      orderIds: p.orders_requested,
    })),
  'customers/redact': z
    .object({ ...shop, customer, orders_to_redact: z.array(id).default([]) })
    .transform((p) => ({
      id: `redact-customer-${p.shop_id}-${p.customer.id}`,
      ...shopOf(p),
      customer: p.customer,
      orderIds: p.orders_to_redact,
    })),
  'shop/redact': z.object(shop).transform((p) => ({
    id: `redact-shop-${p.shop_id}`,
    ...shopOf(p),
    customer: null,
    orderIds: [],
  })),
};

export type ParsedCompliance =
  { ok: true; request: PrivacyRequest } | { ok: false; reason: string };

/** The privacy request a compliance webhook asks for; a result object, never an exception. */
export function parseCompliance(
  topic: ComplianceTopic,
  body: unknown,
  receivedAt: Date,
): ParsedCompliance {
  const parsed = payloads[topic].safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '/'}: ${i.message}`)
        .join('; '),
    };
  }
  const { id: requestId, ...request } = parsed.data;
  return {
    ok: true,
    request: {
      source: 'shopify',
      receivedAt: receivedAt.toISOString(),
      id: requestId,
      kind: COMPLIANCE_TOPICS[topic],
      ...request,
    },
  };
}

/**
 * The ingress's answer to a verified compliance webhook: 200 once the request is on its topic,
 * 400 for a payload of the wrong shape, 503 (Shopify retries) when the broker cannot take it.
 */
export function complianceHandler(options: {
  producer: StreamProducer;
  namespace?: string | undefined;
  logger: Logger;
  now?: () => Date;
}) {
  const { producer, logger } = options;
  const topic = privacyRequestTopic(options.namespace ?? DEFAULT_NAMESPACE);
  return async (shopifyTopic: ComplianceTopic, body: unknown): Promise<WebhookAnswer> => {
    const parsed = parseCompliance(shopifyTopic, body, options.now?.() ?? new Date());
    if (!parsed.ok) {
      logger.warn(
        { topic: shopifyTopic, reason: parsed.reason },
        'Shopify compliance webhook refused',
      );
      return { status: 400 };
    }
    const { request } = parsed;
    try {
      await producer.send(topic, [encodeServiceMessage(PrivacyRequest, request.id, request)]);
    } catch (error) {
      logger.warn(
        { err: error, request: request.id },
        'privacy request not queued; Shopify will retry',
      );
      return { status: 503 };
    }
    logger.info({ request: request.id, kind: request.kind }, 'privacy request queued');
    return { status: 200 };
  };
}
