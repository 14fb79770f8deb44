import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { decodeServiceMessage } from '../../streams/codec';
import { PrivacyRequest } from '../../schema/events';
import type { OutgoingMessage } from '../../streams/stream';
import { WebhookQueue } from '../common/queue';
import { complianceHandler, parseCompliance } from './compliance';
import { signWebhook } from './webhook';
import { shopifyWebhookRoute } from './webhook-route';

const at = new Date('2026-12-02T10:00:00.000Z');
const shop = { shop_id: 954889, shop_domain: 'demo.myshopify.com' };
const customer = { id: 191167, email: 'john@example.com', phone: '555-625-1199' };

describe('Shopify compliance webhooks', () => {
  it('reads the three payloads as Shopify sends them', () => {
    const data = parseCompliance(
      'customers/data_request',
      { ...shop, customer, orders_requested: [299938, 280263], data_request: { id: 9999 } },
      at,
    );
    expect(data).toEqual({
      ok: true,
      request: {
        id: 'data-request-954889-9999',
        kind: 'data-request',
        source: 'shopify',
        shopId: '954889',
        shopDomain: 'demo.myshopify.com',
        customer: { id: '191167', email: 'john@example.com', phone: '555-625-1199' },
        orderIds: ['299938', '280263'],
        receivedAt: at.toISOString(),
      },
    });
    const redact = parseCompliance(
      'customers/redact',
      { ...shop, customer: { id: 191167, email: null }, orders_to_redact: [] },
      at,
    );
    expect(redact.ok && redact.request).toMatchObject({
      id: 'redact-customer-954889-191167',
      customer: { id: '191167', email: null, phone: null },
    });
    const whole = parseCompliance('shop/redact', shop, at);
    expect(whole.ok && whole.request).toMatchObject({ kind: 'redact-shop', customer: null });
  });

  it('refuses payloads of the wrong shape with the reason', () => {
    const result = parseCompliance('customers/redact', { ...shop, customer: { email: 'x' } }, at);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/customer\.id/) });
    expect(parseCompliance('shop/redact', { shop_domain: 'x' }, at).ok).toBe(false);
  });

  describe('on the route', () => {
    const secret = 'app-secret';
    const logger = createLogger('compliance-test', 'silent');
    const sent: OutgoingMessage[] = [];
    let failing = false;
    const producer = {
      async send(_topic: string, messages: OutgoingMessage[]) {
        if (failing) throw new Error('broker down');
        sent.push(...messages);
      },
      async disconnect() {},
    };
    const route = shopifyWebhookRoute({
      secrets: [secret],
      queue: new WebhookQueue({ handle: async () => undefined, logger, source: 'test' }),
      logger,
      compliance: complianceHandler({ producer, logger, now: () => at }),
    });
    const deliver = (topic: string, body: unknown, hmac?: string) => {
      const raw = Buffer.from(JSON.stringify(body));
      return route.handle({
        raw,
        headers: {
          'x-shopify-topic': topic,
          'x-shopify-hmac-sha256': hmac ?? signWebhook(raw, secret),
        },
        query: {},
        url: '/webhooks/shopify',
        ip: '127.0.0.1',
      });
    };

    it('answers 401 to a forged signature and queues nothing', async () => {
      expect(await deliver('shop/redact', shop, signWebhook('{}', secret))).toEqual({
        status: 401,
      });
      expect(await deliver('shop/redact', shop, signWebhook(JSON.stringify(shop), 'x'))).toEqual({
        status: 401,
      });
      expect(sent).toEqual([]);
    });

    it('queues a valid request before answering 200, and 503 when it cannot', async () => {
      expect(
        await deliver('customers/redact', { ...shop, customer, orders_to_redact: [] }),
      ).toEqual({ status: 200 });
      const [message] = sent;
      expect(message?.key).toBe('redact-customer-954889-191167');
      const decoded = decodeServiceMessage(PrivacyRequest, message?.value ?? '');
      expect(decoded.ok && decoded.value.kind).toBe('redact-customer');
      failing = true;
      expect(await deliver('shop/redact', shop)).toEqual({ status: 503 });
      failing = false;
    });

    it('answers 400 to a signed payload of the wrong shape', async () => {
      expect(await deliver('customers/data_request', { ...shop, customer })).toEqual({
        status: 400,
      });
    });
  });
});
