import { z } from 'zod';
import type { ChangeEvent, ShopifyCustomer, ShopifyProduct } from '../../schema/events';
import { deleteEvent, isoInstant, upsertEvent } from './mapping';

/**
 * Webhook (REST) payloads → the same events as the GraphQL reads. Webhook bodies are untrusted
 * input: they are parsed with zod and give a result, never an exception. Every order topic is
 * only a prompt: its id is read and the order re-read by GraphQL (order webhooks carry no
 * transactions, refunds and fulfillments carry a fragment, and child lists are replaced whole
 * downstream, so a partial order would erase what it omits). Inventory webhooks carry only
 * `available`: re-read too. Only the id is read from an order body, so a REST field Shopify adds
 * or changes cannot drop the webhook.
 */

export type WebhookAction =
  | { kind: 'events'; events: ChangeEvent[] }
  | { kind: 'refetch-order'; orderId: string }
  | { kind: 'refetch-inventory-level'; inventoryItemId: string; locationId: string }
  | { kind: 'ignore'; reason: string };

export type WebhookMapResult = { ok: true; action: WebhookAction } | { ok: false; reason: string };

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const instant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date-time');
// Shopify's REST bodies carry money as decimal strings; a number would already have been rounded.
const amount = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal string');

const RestCustomer = z.object({
  id,
  email: text,
  first_name: text,
  last_name: text,
  phone: text,
  created_at: instant,
  updated_at: instant,
  addresses: z
    .array(z.object({ address1: text, city: text, province: text, country: text, zip: text }))
    .default([]),
});

const RestProduct = z.object({
  id,
  title: z.string(),
  handle: z.string(),
  status: z.string(),
  vendor: text,
  product_type: text,
  created_at: instant,
  updated_at: instant,
  variants: z
    .array(z.object({ id, sku: text, title: z.string(), price: amount, inventory_item_id: id }))
    .default([]),
});

const RestLocation = z.object({ id, name: z.string(), active: z.boolean(), updated_at: instant });
const RestId = z.object({ id });
const RestOrderRef = z.object({ order_id: id });
const RestInventoryLevel = z.object({ inventory_item_id: id, location_id: id });

function restCustomer(c: z.infer<typeof RestCustomer>): ShopifyCustomer {
  return {
    id: c.id,
    email: c.email,
    firstName: c.first_name,
    lastName: c.last_name,
    phone: c.phone,
    addresses: c.addresses,
    createdAt: isoInstant(c.created_at),
    updatedAt: isoInstant(c.updated_at),
  };
}

function restProduct(p: z.infer<typeof RestProduct>): ShopifyProduct {
  const status = p.status.toUpperCase();
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    status: status === 'ACTIVE' || status === 'ARCHIVED' ? status : 'DRAFT',
    vendor: p.vendor || null,
    productType: p.product_type || null,
    createdAt: isoInstant(p.created_at),
    updatedAt: isoInstant(p.updated_at),
    variants: p.variants
      .filter((v) => v.sku?.trim())
      .map((v) => ({
        id: v.id,
        sku: v.sku ?? '',
        title: v.title,
        price: v.price,
        inventoryItemId: v.inventory_item_id,
      })),
  };
}

function parsed<T extends z.ZodType>(
  schema: T,
  body: unknown,
  then: (value: z.infer<T>) => WebhookAction,
): WebhookMapResult {
  const result = schema.safeParse(body);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join('.') || '/'}: ${i.message}`);
    return { ok: false, reason: `payload invalid: ${details.slice(0, 5).join('; ')}` };
  }
  return { ok: true, action: then(result.data) };
}

const events = (...list: ChangeEvent[]): WebhookAction => ({ kind: 'events', events: list });

/**
 * What to do with one verified webhook. `triggeredAt` (X-Shopify-Triggered-At) dates a delete;
 * without it the delete is dated now.
 */
export function interpretWebhook(
  topic: string,
  body: unknown,
  triggeredAt?: Date,
): WebhookMapResult {
  const deletedAt = triggeredAt ?? new Date();
  switch (topic) {
    case 'customers/create':
    case 'customers/update':
      return parsed(RestCustomer, body, (c) => events(upsertEvent('customer', restCustomer(c))));
    case 'customers/delete':
      return parsed(RestId, body, (d) => events(deleteEvent('customer', d.id, deletedAt)));
    case 'products/create':
    case 'products/update':
      return parsed(RestProduct, body, (p) => events(upsertEvent('product', restProduct(p))));
    case 'products/delete':
      return parsed(RestId, body, (d) => events(deleteEvent('product', d.id, deletedAt)));
    case 'locations/create':
    case 'locations/update':
      return parsed(RestLocation, body, (l) =>
        events(
          upsertEvent('location', {
            id: l.id,
            name: l.name,
            isActive: l.active,
            updatedAt: isoInstant(l.updated_at),
          }),
        ),
      );
    case 'orders/create':
    case 'orders/updated':
    case 'orders/paid':
    case 'orders/cancelled':
    case 'orders/fulfilled':
    case 'orders/partially_fulfilled':
      return parsed(RestId, body, (o) => ({ kind: 'refetch-order', orderId: o.id }));
    case 'orders/delete':
      return parsed(RestId, body, (d) => events(deleteEvent('order', d.id, deletedAt)));
    case 'refunds/create':
    case 'fulfillments/create':
    case 'fulfillments/update':
      return parsed(RestOrderRef, body, (r) => ({ kind: 'refetch-order', orderId: r.order_id }));
    case 'inventory_levels/update':
    case 'inventory_levels/connect':
      return parsed(RestInventoryLevel, body, (l) => ({
        kind: 'refetch-inventory-level',
        inventoryItemId: l.inventory_item_id,
        locationId: l.location_id,
      }));
    default:
      return { ok: true, action: { kind: 'ignore', reason: `topic ${topic} is not handled` } };
  }
}
