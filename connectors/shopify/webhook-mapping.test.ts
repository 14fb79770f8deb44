import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../streams/codec';
import * as f from '../../test/doubles/shopify/fixtures';
import { WEBHOOK_TOPICS } from './topics';
import { interpretWebhook, type WebhookAction } from './webhook-mapping';

function action(topic: string, body: unknown, triggeredAt?: Date): WebhookAction {
  const result = interpretWebhook(topic, body, triggeredAt);
  if (!result.ok) throw new Error(result.reason);
  return result.action;
}

function events(topic: string, body: unknown, triggeredAt?: Date) {
  const a = action(topic, body, triggeredAt);
  if (a.kind !== 'events') throw new Error(`expected events, got ${a.kind}`);
  for (const e of a.events) encodeEvent(e);
  return a.events;
}

describe('webhook (REST) payloads → events', () => {
  it('maps customers/update to the same payload as the GraphQL read', () => {
    const [event] = events('customers/update', f.restCustomer);
    expect(event).toMatchObject({
      entity: 'customer',
      op: 'upsert',
      sourceId: '7408123456789',
      version: Date.parse('2024-05-10T14:22:31Z'),
      payload: {
        id: '7408123456789',
        email: 'Ada.Lovelace@Example.com',
        updatedAt: '2024-05-10T14:22:31.000Z',
        addresses: [{ city: 'London', zip: 'SW1Y 4JH' }],
      },
    });
  });

  it('maps products/update with upper-case status', () => {
    const [event] = events('products/update', f.restProduct);
    expect(event?.payload).toMatchObject({
      id: '8812345678',
      status: 'ACTIVE',
      productType: null,
      variants: [{ id: '44123456789012', sku: 'PLX-MUG-BLK', inventoryItemId: '46123456789012' }],
    });
  });

  it('turns deletes into delete events dated by X-Shopify-Triggered-At', () => {
    const at = new Date('2024-06-01T12:00:00.123Z');
    const [customer] = events('customers/delete', { id: 7408123456789 }, at);
    expect(customer).toMatchObject({
      op: 'delete',
      entity: 'customer',
      sourceId: '7408123456789',
      payload: null,
      version: at.getTime(),
    });
    const [product] = events('products/delete', { id: 8812345678 });
    expect(product).toMatchObject({ op: 'delete', entity: 'product', payload: null });
    expect(product!.version).toBeGreaterThan(at.getTime());
  });

  it('re-reads the order for every orders/* topic, reading only its id', () => {
    for (const topic of ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled']) {
      expect(action(topic, f.restOrder)).toEqual({
        kind: 'refetch-order',
        orderId: '5612345678901',
      });
    }
    // Even with transactions in the body, and with REST fields the mapping never knew.
    const odd = { ...f.restOrder, transactions: [{ id: 1 }], total_price: 126, line_items: 'x' };
    expect(action('orders/fulfilled', odd)).toEqual({
      kind: 'refetch-order',
      orderId: '5612345678901',
    });
    expect(action('refunds/create', { id: 1, order_id: 5612345678901 })).toEqual({
      kind: 'refetch-order',
      orderId: '5612345678901',
    });
  });

  it('turns orders/delete into an order delete', () => {
    const at = new Date('2024-06-02T08:00:00Z');
    const [event] = events('orders/delete', { id: 5612345678901 }, at);
    expect(event).toMatchObject({
      op: 'delete',
      entity: 'order',
      sourceId: '5612345678901',
      payload: null,
      version: at.getTime(),
    });
  });

  it('refuses money that is not a decimal string', () => {
    const variant = { ...f.restProduct.variants[0]!, price: 22.5 };
    const result = interpretWebhook('products/update', { ...f.restProduct, variants: [variant] });
    expect(!result.ok && result.reason).toMatch(/variants\.0\.price/);
  });

  it('maps every topic the connector subscribes to', () => {
    for (const topic of Object.values(WEBHOOK_TOPICS)) {
      const result = interpretWebhook(topic, {});
      // An empty body is refused as invalid; an unmapped topic would be ignored instead.
      expect(result, topic).toMatchObject({ ok: false });
    }
  });

  it('re-reads inventory levels: the webhook carries only `available`', () => {
    const body = {
      inventory_item_id: 46123456789012,
      location_id: 71234567890,
      available: 3,
      updated_at: '2024-05-12T07:00:00-04:00',
    };
    expect(action('inventory_levels/update', body)).toEqual({
      kind: 'refetch-inventory-level',
      inventoryItemId: '46123456789012',
      locationId: '71234567890',
    });
  });

  it('answers bad input with a reason, not an exception', () => {
    const result = interpretWebhook('customers/update', { id: 'not-a-number' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/payload invalid/);
    expect(interpretWebhook('app/uninstalled', {})).toEqual({
      ok: true,
      action: { kind: 'ignore', reason: 'topic app/uninstalled is not handled' },
    });
  });
});
