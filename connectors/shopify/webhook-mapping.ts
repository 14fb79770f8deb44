import { z } from 'zod';
import { sumMoney } from '../../lib/money';
import type {
  ChangeEvent,
  ShopifyCustomer,
  ShopifyOrder,
  ShopifyProduct,
} from '../../schema/events';
import { deleteEvent, isoInstant, transactionKind, upsertEvent } from './mapping';

/**
 * Webhook (REST) payloads → the same events as the GraphQL reads. Webhook bodies are untrusted
 * input: they are parsed with zod and give a result, never an exception. Where a payload is not
 * the whole record (an order webhook carries no transactions; refunds, fulfillments and inventory
 * webhooks carry a fragment) the action is to re-read the record, because child lists are replaced
 * whole downstream and a partial order would erase what it omits.
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
const amount = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.string().regex(/^-?\d+(\.\d+)?$/));

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

const RestTransaction = z.object({
  id,
  kind: z.string(),
  status: z.string(),
  amount,
  gateway: text,
  created_at: instant,
});

const RestOrder = z.object({
  id,
  name: z.string(),
  email: text,
  customer: z.object({ id }).nullish(),
  currency: z.string(),
  total_price: amount,
  subtotal_price: amount.nullish(),
  total_tax: amount.nullish(),
  financial_status: text,
  fulfillment_status: text,
  created_at: instant,
  updated_at: instant,
  cancelled_at: text,
  line_items: z.array(
    z.object({
      id,
      sku: text,
      title: z.string(),
      quantity: z.number().int(),
      price: amount,
      variant_id: id.nullish(),
    }),
  ),
  refunds: z
    .array(
      z.object({
        id,
        created_at: instant,
        note: text,
        transactions: z
          .array(z.object({ amount, kind: z.string(), status: z.string() }))
          .default([]),
      }),
    )
    .default([]),
  // Absent from Shopify's order webhooks; present only if a sender includes it.
  transactions: z.array(RestTransaction).optional(),
  fulfillments: z
    .array(
      z.object({
        id,
        status: z.string(),
        tracking_number: text,
        tracking_company: text,
        created_at: instant,
      }),
    )
    .default([]),
});

const RestLocation = z.object({ id, name: z.string(), active: z.boolean(), updated_at: instant });
const RestDelete = z.object({ id });
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

export function restOrder(
  o: z.infer<typeof RestOrder>,
  transactions: z.infer<typeof RestTransaction>[],
): ShopifyOrder {
  return {
    id: o.id,
    name: o.name,
    email: o.email,
    customerId: o.customer?.id ?? null,
    currency: o.currency,
    totalPrice: o.total_price,
    subtotalPrice: o.subtotal_price ?? '0.00',
    totalTax: o.total_tax ?? '0.00',
    financialStatus: o.financial_status ?? 'pending',
    fulfillmentStatus: o.fulfillment_status,
    createdAt: isoInstant(o.created_at),
    updatedAt: isoInstant(o.updated_at),
    cancelledAt: o.cancelled_at ? isoInstant(o.cancelled_at) : null,
    lineItems: o.line_items.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.price,
      variantId: l.variant_id ?? null,
    })),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      createdAt: isoInstant(r.created_at),
      amount: sumMoney(
        r.transactions
          .filter((t) => t.kind === 'refund' && t.status === 'success')
          .map((t) => t.amount),
      ),
      note: r.note,
    })),
    transactions: transactions.flatMap((t) => {
      const kind = transactionKind(t.kind);
      if (!kind) return [];
      return [
        {
          id: t.id,
          kind,
          status: t.status.toLowerCase(),
          amount: t.amount,
          gateway: t.gateway ?? 'unknown',
          createdAt: isoInstant(t.created_at),
        },
      ];
    }),
    fulfillments: o.fulfillments.map((f) => ({
      id: f.id,
      status: f.status.toLowerCase(),
      trackingNumber: f.tracking_number,
      trackingCompany: f.tracking_company,
      createdAt: isoInstant(f.created_at),
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
      return parsed(RestDelete, body, (d) => events(deleteEvent('customer', d.id, deletedAt)));
    case 'products/create':
    case 'products/update':
      return parsed(RestProduct, body, (p) => events(upsertEvent('product', restProduct(p))));
    case 'products/delete':
      return parsed(RestDelete, body, (d) => events(deleteEvent('product', d.id, deletedAt)));
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
      return parsed(RestOrder, body, (o) =>
        o.transactions
          ? events(upsertEvent('order', restOrder(o, o.transactions)))
          : { kind: 'refetch-order', orderId: o.id },
      );
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
