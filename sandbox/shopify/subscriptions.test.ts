import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { hmacOf, startShopifySandbox, type ShopifySandbox } from './index';
import { at, gql } from './testing';

// webhookSubscriptionCreate / Update / Delete and the webhookSubscriptions query, over HTTP.

const secret = 'subscriptions-test-secret';
let sb: ShopifySandbox;
const receivers: Receiver[] = [];
beforeAll(async () => {
  sb = await startShopifySandbox({
    port: 0,
    orders: 30,
    customers: 10,
    products: 5,
    webhookSecret: secret,
    webhooks: { backoffMs: 5, maxAttempts: 2 },
  });
});
afterAll(() => sb.close());
afterEach(async () => {
  for (const s of [...sb.webhooks.subscriptions.values()]) sb.webhooks.unsubscribe(s.id);
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

const FIELDS = `id topic format includeFields filter
  endpoint { ... on WebhookHttpEndpoint { callbackUrl } }`;

async function create(topic: string, input: Record<string, unknown>) {
  const answer = await gql(
    sb,
    `mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
      webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
        webhookSubscription { ${FIELDS} }
        userErrors { field message } } }`,
    { topic, sub: input },
  );
  expect(answer.body.errors).toBeUndefined();
  return at<{ webhookSubscription: Record<string, unknown> | null; userErrors: unknown[] }>(
    answer.body.data,
    'webhookSubscriptionCreate',
  );
}

async function update(id: string, input: Record<string, unknown>) {
  const answer = await gql(
    sb,
    `mutation($id: ID!, $sub: WebhookSubscriptionInput!) {
      webhookSubscriptionUpdate(id: $id, webhookSubscription: $sub) {
        webhookSubscription { ${FIELDS} }
        userErrors { field message } } }`,
    { id, sub: input },
  );
  expect(answer.body.errors).toBeUndefined();
  return at<{ webhookSubscription: Record<string, unknown> | null; userErrors: unknown[] }>(
    answer.body.data,
    'webhookSubscriptionUpdate',
  );
}

/** A seeded paid order, refunded in part: an orders/updated with financial_status changed. */
function refundOne() {
  const order = [...sb.store.orders.values()].find((o) => o.financialStatus === 'PAID');
  if (!order) throw new Error('no paid order');
  sb.store.addRefund(order, '1.00', 'test');
  return order;
}

describe('Shopify sandbox: webhook subscriptions', () => {
  it('accepts ORDERS_PAID and fires it once, when an order becomes paid', async () => {
    const hooks = await receiver();
    const made = await create('ORDERS_PAID', { callbackUrl: hooks.url, format: 'JSON' });
    expect(made.userErrors).toEqual([]);
    expect(made.webhookSubscription).toMatchObject({ topic: 'ORDERS_PAID', filter: null });
    const seeded = [...sb.store.orders.values()][0];
    if (!seeded) throw new Error('no order');
    const order = { ...seeded, id: sb.store.newId(), financialStatus: 'PENDING' as const };
    sb.store.upsertOrder(order, 'create');
    Object.assign(order, { financialStatus: 'PAID' });
    sb.store.upsertOrder(order, 'update');
    sb.store.upsertOrder(order, 'update');
    const [got] = await hooks.waitFor(1);
    expect(got?.headers['x-shopify-topic']).toBe('orders/paid');
    expect(JSON.parse(got?.rawBody ?? '{}')).toMatchObject({ id: order.id });
    await sb.deliveries.idle();
    expect(hooks.received).toHaveLength(1);
  });

  it('honours a filter: only matching payloads are delivered', async () => {
    const partial = await receiver();
    const paid = await receiver();
    const a = await create('ORDERS_UPDATED', {
      callbackUrl: partial.url,
      filter: 'financial_status:partially_refunded AND total_price:>=1.00',
    });
    const b = await create('ORDERS_UPDATED', {
      callbackUrl: paid.url,
      filter: 'financial_status:paid',
    });
    expect([a.userErrors, b.userErrors]).toEqual([[], []]);
    expect(a.webhookSubscription?.filter).toBe(
      'financial_status:partially_refunded AND total_price:>=1.00',
    );
    const order = refundOne();
    const [got] = await partial.waitFor(1);
    expect(JSON.parse(got?.rawBody ?? '{}')).toMatchObject({ id: order.id });
    await sb.deliveries.idle();
    expect(paid.received).toHaveLength(0);
  });

  it('refuses XML and a filter it cannot evaluate, rather than ignore them', async () => {
    const hooks = await receiver();
    const xml = await create('ORDERS_CREATE', { callbackUrl: hooks.url, format: 'XML' });
    expect(xml).toMatchObject({
      webhookSubscription: null,
      userErrors: [{ field: ['webhookSubscription', 'format'] }],
    });
    const nested = await create('ORDERS_CREATE', {
      callbackUrl: hooks.url,
      filter: 'line_items.sku:MUG OR email:x',
    });
    expect(nested.userErrors).toMatchObject([{ field: ['webhookSubscription', 'filter'] }]);
    expect(sb.webhooks.subscriptions.size).toBe(0);
  });

  it('honours includeFields: the body holds only those fields, signed as sent', async () => {
    const hooks = await receiver();
    const made = await create('ORDERS_UPDATED', {
      callbackUrl: hooks.url,
      includeFields: ['id', 'financial_status', 'refunds.id'],
    });
    expect(made.webhookSubscription?.includeFields).toEqual([
      'id',
      'financial_status',
      'refunds.id',
    ]);
    const order = refundOne();
    const [got] = await hooks.waitFor(1);
    const body = JSON.parse(got?.rawBody ?? '{}') as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['financial_status', 'id', 'refunds']);
    expect(body.refunds).toEqual(order.refunds.map((r) => ({ id: r.id })));
    expect(got?.headers['x-shopify-hmac-sha256']).toBe(hmacOf(got?.rawBody ?? '', secret));
  });

  it('updates in place, lists by callbackUrl and topics, and deletes', async () => {
    const one = await receiver();
    const two = await receiver();
    const made = await create('CUSTOMERS_UPDATE', { callbackUrl: one.url, includeFields: ['id'] });
    await create('PRODUCTS_UPDATE', { callbackUrl: one.url });
    await create('CUSTOMERS_UPDATE', { callbackUrl: two.url });
    const id = String(made.webhookSubscription?.id);
    const updated = await update(id, { includeFields: [], filter: '' });
    expect(updated).toMatchObject({
      userErrors: [],
      webhookSubscription: { id, includeFields: [], filter: null, format: 'JSON' },
    });
    const taken = await update(id, { callbackUrl: two.url });
    expect(taken.userErrors).toMatchObject([{ message: /already been taken/ }]);
    const missing = await update('gid://shopify/WebhookSubscription/1', { format: 'JSON' });
    expect(missing.userErrors).toMatchObject([{ field: ['id'] }]);

    const list = async (args: string) =>
      at<{ topic: string }[]>(
        (await gql(sb, `{ webhookSubscriptions(first: 10, ${args}) { nodes { topic } } }`)).body
          .data,
        'webhookSubscriptions.nodes',
      ).map((n) => n.topic);
    expect(await list(`callbackUrl: "${one.url}"`)).toEqual([
      'CUSTOMERS_UPDATE',
      'PRODUCTS_UPDATE',
    ]);
    expect(await list('topics: [CUSTOMERS_UPDATE]')).toEqual([
      'CUSTOMERS_UPDATE',
      'CUSTOMERS_UPDATE',
    ]);

    const deleted = await gql(
      sb,
      `mutation($id: ID!) { webhookSubscriptionDelete(id: $id) {
        deletedWebhookSubscriptionId userErrors { message } } }`,
      { id },
    );
    expect(at(deleted.body.data, 'webhookSubscriptionDelete.deletedWebhookSubscriptionId')).toBe(
      id,
    );
    expect(await list(`callbackUrl: "${one.url}"`)).toEqual(['PRODUCTS_UPDATE']);
  });
});
