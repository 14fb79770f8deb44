import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { at, gql } from './testing';

const secret = 'test-secret-for-hmac';
let sb: ShopifySandbox;
let receiver: Receiver;
beforeAll(async () => {
  sb = await startShopifySandbox({
    port: 0,
    orders: 40,
    customers: 20,
    products: 10,
    webhookSecret: secret,
    webhooks: { backoffMs: 5, maxAttempts: 3 },
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
});

function verify(rawBody: string, header: string | string[] | undefined): boolean {
  const expected = createHmac('sha256', secret).update(rawBody, 'utf8').digest();
  const given = Buffer.from(String(header), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('Shopify sandbox: webhooks', () => {
  it('subscribes through webhookSubscriptionCreate and delivers signed REST payloads', async () => {
    const create = await gql(
      sb,
      `mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
        webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
          webhookSubscription { id topic format endpoint { ... on WebhookHttpEndpoint { callbackUrl } } }
          userErrors { field message } } }`,
      { topic: 'ORDERS_UPDATED', sub: { callbackUrl: receiver.url, format: 'JSON' } },
    );
    expect(at(create.body.data, 'webhookSubscriptionCreate.userErrors')).toEqual([]);
    expect(
      at(create.body.data, 'webhookSubscriptionCreate.webhookSubscription.endpoint.callbackUrl'),
    ).toBe(receiver.url);
    const order = [...sb.store.orders.values()].find((o) => o.financialStatus === 'PAID');
    if (!order) throw new Error('no paid order');
    sb.store.addRefund(order, '1.00', 'test');
    const [got] = await receiver.waitFor(1);
    const headers = got?.headers ?? {};
    expect(verify(got?.rawBody ?? '', headers['x-shopify-hmac-sha256'])).toBe(true);
    expect(verify(got?.rawBody + ' ', headers['x-shopify-hmac-sha256'])).toBe(false);
    expect(headers['x-shopify-topic']).toBe('orders/updated');
    expect(headers['x-shopify-shop-domain']).toBe(sb.shopDomain);
    expect(headers['x-shopify-api-version']).toBe('2025-01');
    expect(headers['x-shopify-webhook-id']).toBeTruthy();
    expect(headers['x-shopify-event-id']).toBeTruthy();
    expect(Date.parse(String(headers['x-shopify-triggered-at']))).not.toBeNaN();
    const body = JSON.parse(got?.rawBody ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      id: order.id,
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      financial_status: 'partially_refunded',
    });
    expect((body.refunds as unknown[]).length).toBe(order.refunds.length);
    // REST payloads write instants in the shop's offset (America/New_York by default).
    expect(body.updated_at).toMatch(/-0[45]:00$/);
    expect(Date.parse(String(body.updated_at))).toBe(Date.parse(order.updatedAt));
  });

  it('retries a failing subscriber, duplicates with the same event id, and drops on purpose', async () => {
    const flaky = await startReceiver((n) => (n === 1 ? 500 : 200));
    try {
      sb.webhooks.subscribe('CUSTOMERS_UPDATE', flaky.url);
      const customer = [...sb.store.customers.values()][0];
      if (!customer) throw new Error('no customer');
      customer.note = 'retry me';
      sb.store.upsertCustomer(customer, 'update');
      const [failed, retried] = await flaky.waitFor(2);
      expect(failed?.rawBody).toBe(retried?.rawBody);
      expect(failed?.headers['x-shopify-event-id']).toBe(retried?.headers['x-shopify-event-id']);

      sb.deliveries.set({ duplicateRate: 1 });
      sb.store.upsertCustomer(customer, 'update');
      const dupes = (await flaky.waitFor(4)).slice(2);
      expect(dupes[0]?.headers['x-shopify-event-id']).toBe(dupes[1]?.headers['x-shopify-event-id']);

      sb.deliveries.set({ duplicateRate: 0, dropRate: 1 });
      const dropped = sb.deliveries.stats.dropped;
      sb.store.upsertCustomer(customer, 'update');
      await sb.deliveries.idle();
      expect(sb.deliveries.stats.dropped).toBe(dropped + 1);
      expect(flaky.received).toHaveLength(4);
      sb.deliveries.set({ dropRate: 0 });
    } finally {
      await flaky.close();
    }
  });

  it('fires signed webhooks for the changes the traffic generator makes', async () => {
    const hooks = await startReceiver();
    try {
      sb.webhooks.subscribeAll(hooks.url);
      sb.traffic.step(20);
      await sb.deliveries.idle();
      const topics = new Set(hooks.received.map((r) => r.headers['x-shopify-topic']));
      expect(topics.size).toBeGreaterThan(2);
      for (const r of hooks.received)
        expect(verify(r.rawBody, r.headers['x-shopify-hmac-sha256'])).toBe(true);
    } finally {
      await hooks.close();
    }
  });

  it('sends deletes with the bare payloads Shopify sends', async () => {
    const hooks = await startReceiver();
    try {
      sb.webhooks.subscribe('PRODUCTS_DELETE', hooks.url);
      sb.webhooks.subscribe('CUSTOMERS_DELETE', hooks.url);
      const product = [...sb.store.products.values()][0];
      const withOrders = new Set([...sb.store.orders.values()].map((o) => o.customerId));
      const customer = [...sb.store.customers.values()].find((c) => !withOrders.has(c.id));
      if (!product || !customer) throw new Error('nothing to delete');
      sb.store.deleteProduct(product.id);
      sb.store.deleteCustomer(customer.id);
      const [p, c] = await hooks.waitFor(2);
      const byTopic = new Map([p, c].map((r) => [r?.headers['x-shopify-topic'], r?.rawBody]));
      expect(JSON.parse(byTopic.get('products/delete') ?? '')).toEqual({ id: product.id });
      expect(JSON.parse(byTopic.get('customers/delete') ?? '')).toMatchObject({
        id: customer.id,
        admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`,
      });
      const gone = await gql(sb, `{ product(id: "gid://shopify/Product/${product.id}") { id } }`);
      expect(at(gone.body.data, 'product')).toBeNull();
    } finally {
      await hooks.close();
    }
  });
});
