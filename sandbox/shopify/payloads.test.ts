import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../toolkit/testing';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { fulfil } from './seed';
import { topics } from './topics';

// The webhook bodies carry what Shopify's REST payloads carry for the modelled topics, and the
// topics the flows need (paid, cancelled, fulfilments, the compliance three) are sent.
let sb: ShopifySandbox;
let hooks: Receiver;
beforeAll(async () => {
  sb = await startShopifySandbox({
    port: 0,
    orders: 30,
    customers: 10,
    products: 6,
    timezone: 'Europe/Berlin',
    currency: 'EUR',
  });
  hooks = await startReceiver();
  sb.webhooks.subscribeAll(hooks.url);
});
afterAll(async () => {
  await sb.close();
  await hooks.close();
});

async function bodiesOf(action: () => void): Promise<Map<string, Record<string, unknown>>> {
  const from = hooks.received.length;
  action();
  await sb.deliveries.idle();
  const bodies = new Map<string, Record<string, unknown>>();
  for (const r of hooks.received.slice(from)) {
    bodies.set(
      String(r.headers['x-shopify-topic']),
      JSON.parse(r.rawBody) as Record<string, unknown>,
    );
  }
  return bodies;
}

const unfulfilledPaidOrder = () =>
  [...sb.store.orders.values()].find(
    (o) => o.financialStatus === 'PAID' && o.fulfillmentStatus === 'UNFULFILLED' && o.customerId,
  )!;

describe('webhook payloads', () => {
  it('subscribes every topic the sandbox emits, compliance included', () => {
    const subscribed = new Set([...sb.webhooks.subscriptions.values()].map((s) => topics[s.topic]));
    for (const topic of [
      'orders/paid',
      'orders/cancelled',
      'fulfillments/create',
      'customers/data_request',
      'customers/redact',
      'shop/redact',
    ]) {
      expect(subscribed).toContain(topic);
    }
  });

  it('sends orders with money sets, addresses, discounts and contact email, in the shop offset', async () => {
    const order = unfulfilledPaidOrder();
    const customer = sb.store.customers.get(order.customerId!)!;
    order.note = 'gift';
    const bodies = await bodiesOf(() => sb.store.upsertOrder(order, 'update'));
    const body = bodies.get('orders/updated')!;
    expect(body).toMatchObject({
      contact_email: order.email,
      total_discounts: '0.00',
      total_price: order.total,
      total_price_set: {
        shop_money: { amount: order.total, currency_code: 'EUR' },
        presentment_money: { amount: order.total, currency_code: 'EUR' },
      },
      subtotal_price_set: { shop_money: { amount: order.subtotal } },
      current_total_price_set: { shop_money: { amount: order.total } },
      shipping_address: {
        city: customer.addresses[0]?.city,
        country_code: customer.addresses[0]?.countryCode,
      },
      billing_address: { zip: customer.addresses[0]?.zip },
    });
    expect(body.updated_at).toMatch(/\+0[12]:00$/);
    expect(Date.parse(String(body.updated_at))).toBe(Date.parse(order.updatedAt));
    const line = (body.line_items as Record<string, unknown>[])[0];
    expect(line).toMatchObject({
      price_set: { shop_money: { currency_code: 'EUR' } },
      fulfillable_quantity: order.lineItems[0]?.quantity,
    });
    expect(bodies.has('orders/paid')).toBe(false);
  });

  it('sends refunds with their refund line items, line items and restock type', async () => {
    const order = unfulfilledPaidOrder();
    const bodies = await bodiesOf(() => sb.store.addRefund(order, '5.00', 'scratch'));
    const refund = bodies.get('refunds/create')!;
    const [line] = refund.refund_line_items as Record<string, unknown>[];
    expect(line).toMatchObject({
      line_item_id: order.lineItems[0]?.id,
      restock_type: 'no_restock',
      quantity: 1,
      line_item: { id: order.lineItems[0]?.id, sku: order.lineItems[0]?.sku },
      subtotal_set: { shop_money: { currency_code: 'EUR' } },
    });
    expect(Number(line?.subtotal) + Number(line?.total_tax)).toBeCloseTo(5, 2);
  });

  it('sends orders/paid for a new paid order, and orders/cancelled and fulfillments/create when they happen', async () => {
    const before = hooks.received.length;
    const created = await bodiesOf(() => sb.traffic.step(40));
    expect(hooks.received.length).toBeGreaterThan(before);
    const newOrders = hooks.received
      .slice(before)
      .filter((r) => r.headers['x-shopify-topic'] === 'orders/create').length;
    const paid = hooks.received
      .slice(before)
      .filter((r) => r.headers['x-shopify-topic'] === 'orders/paid').length;
    expect(paid).toBe(newOrders);
    expect(created.size).toBeGreaterThan(0);

    const order = unfulfilledPaidOrder();
    const shipped = await bodiesOf(() => {
      fulfil(sb.store, () => 0.5, order, sb.store.stamp());
      sb.store.upsertOrder(order, 'update');
    });
    expect(shipped.get('fulfillments/create')).toMatchObject({
      id: order.fulfillments[0]?.id,
      order_id: order.id,
      status: 'success',
      tracking_number: order.fulfillments[0]?.trackingNumber,
    });
    expect(shipped.has('orders/cancelled')).toBe(false);

    const other = unfulfilledPaidOrder();
    const cancelled = await bodiesOf(() => {
      other.cancelledAt = sb.store.stamp();
      sb.store.upsertOrder(other, 'update');
    });
    expect(cancelled.get('orders/cancelled')).toMatchObject({
      id: other.id,
      cancel_reason: 'customer',
    });
    expect(cancelled.has('fulfillments/create')).toBe(false);
  });

  it('sends products with options, images and inventory policy', async () => {
    const product = [...sb.store.products.values()][0]!;
    const bodies = await bodiesOf(() => sb.store.upsertProduct(product, 'update'));
    const body = bodies.get('products/update')!;
    const variants = body.variants as Record<string, unknown>[];
    expect(body.options).toEqual([
      {
        id: expect.any(Number),
        product_id: product.id,
        name: 'Title',
        position: 1,
        values: variants.map((v) => v.title),
      },
    ]);
    expect(body.images).toEqual([]);
    expect(variants[0]).toMatchObject({ inventory_policy: 'deny', option1: variants[0]?.title });
  });

  it('sends the compliance requests with Shopify’s bodies', async () => {
    const customer = sb.store.customers.get(unfulfilledPaidOrder().customerId!)!;
    const orders = [...sb.store.orders.values()]
      .filter((o) => o.customerId === customer.id)
      .map((o) => o.id);
    const requested = await bodiesOf(() => {
      sb.store.requestCompliance('customers/data_request', customer.id);
      sb.store.requestCompliance('customers/redact', customer.id);
      sb.store.requestCompliance('shop/redact');
    });
    const shop = { shop_id: 1, shop_domain: sb.shopDomain };
    const who = { id: customer.id, email: customer.email, phone: customer.phone };
    expect(requested.get('customers/data_request')).toEqual({
      ...shop,
      customer: who,
      orders_requested: orders,
      data_request: { id: customer.id },
    });
    expect(requested.get('customers/redact')).toEqual({
      ...shop,
      customer: who,
      orders_to_redact: orders,
    });
    expect(requested.get('shop/redact')).toEqual(shop);
    expect(() => sb.store.requestCompliance('customers/redact', -1)).toThrow(/no customer/);
  });
});
