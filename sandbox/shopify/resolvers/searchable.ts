import type { GraphQLResolveInfo } from 'graphql';
import { filterBySearch, type FieldReader, type SearchOptions } from '../search';
import type { Customer, InventoryItem, Location, Order, ShopStore } from '../store';
import type { Product } from '../store';
import type { ShopContext } from './context';

// Per resource, the search fields Shopify documents for its `query:` argument (Admin API
// 2025-01 reference): those the sandbox models filter; the rest are accepted without filtering;
// any other field gets Shopify's "Invalid search field" warning.
export interface Searchable<T> {
  fields: Record<string, FieldReader<T>>;
  text: readonly FieldReader<T>[];
  unmodeled: readonly string[];
}

type Stamped = { id: number; createdAt: string; updatedAt: string };
const stamped = {
  id: (x: Stamped) => x.id,
  created_at: (x: Stamped) => x.createdAt,
  updated_at: (x: Stamped) => x.updatedAt,
};

export function orderSearch(store: ShopStore): Searchable<Order> {
  return {
    fields: {
      ...stamped,
      name: (o) => [o.name, o.name.replace(/^#/, '')],
      email: (o) => o.email,
      financial_status: (o) => o.financialStatus.toLowerCase(),
      fulfillment_status: (o) =>
        ({ UNFULFILLED: 'unshipped', PARTIALLY_FULFILLED: 'partial', FULFILLED: 'shipped' })[
          o.fulfillmentStatus
        ],
      processed_at: (o) => o.processedAt,
      customer_id: (o) => o.customerId,
      tag: (o) => o.tags,
      test: () => 'false',
      status: (o) => (o.cancelledAt ? 'cancelled' : o.closedAt ? 'closed' : 'open'),
      sku: (o) => o.lineItems.flatMap((l) => (l.sku ? [l.sku] : [])),
      gateway: (o) => o.transactions.map((t) => t.gateway),
    },
    text: [(o) => o.name, (o) => o.email, (o) => customerName(store, o.customerId)],
    unmodeled: [
      'cart_token',
      'channel',
      'channel_id',
      'chargeback_status',
      'checkout_token',
      'confirmation_number',
      'default',
      'delivery_method',
      'discount_code',
      'fraud_protection_level',
      'fulfillment_location_id',
      'location_id',
      'payment_provider_id',
      'po_number',
      'reference_location_id',
      'return_status',
      'risk_level',
      'sales_channel',
      'source_identifier',
      'source_name',
      'subtotal_line_items_quantity',
      'tag_not',
    ],
  };
}

export function productSearch(store: ShopStore): Searchable<Product> {
  const variantsOf = (p: Product) => p.variantIds.flatMap((id) => store.variants.get(id) ?? []);
  return {
    fields: {
      ...stamped,
      title: (p) => p.title,
      handle: (p) => p.handle,
      status: (p) => p.status.toLowerCase(),
      vendor: (p) => p.vendor,
      product_type: (p) => p.productType,
      tag: (p) => p.tags,
      sku: (p) => variantsOf(p).map((v) => v.sku),
      barcode: (p) => variantsOf(p).flatMap((v) => (v.barcode ? [v.barcode] : [])),
      variant_id: (p) => p.variantIds.map(String),
      variant_title: (p) => variantsOf(p).map((v) => v.title),
    },
    text: [(p) => p.title, (p) => p.vendor, (p) => p.productType, (p) => p.tags],
    unmodeled: [
      'bundles',
      'category_id',
      'combined_listing_role',
      'default',
      'error_feedback',
      'gift_card',
      'has_only_composites',
      'has_only_default_variant',
      'has_variant_with_components',
      'inventory_total',
      'is_price_reduced',
      'out_of_stock_somewhere',
      'price',
      'product_configuration_owner',
      'product_publication_status',
      'publishable_status',
      'published_at',
      'published_status',
      'tag_not',
    ],
  };
}

export function customerSearch(store: ShopStore): Searchable<Customer> {
  const ordersOf = (c: Customer) =>
    [...store.orders.values()].filter((o) => o.customerId === c.id).length;
  return {
    fields: {
      ...stamped,
      email: (c) => c.email,
      phone: (c) => c.phone,
      first_name: (c) => c.firstName,
      last_name: (c) => c.lastName,
      tag: (c) => c.tags,
      country: (c) => c.addresses.map((a) => a.country),
      orders_count: ordersOf,
      state: () => 'enabled',
      customer_date: (c) => c.createdAt,
    },
    text: [(c) => c.firstName, (c) => c.lastName, (c) => c.email, (c) => c.phone],
    unmodeled: [
      'accepts_marketing',
      'default',
      'last_abandoned_order_date',
      'order_date',
      'tag_not',
      'total_spent',
    ],
  };
}

export const inventoryItemSearch: Searchable<InventoryItem> = {
  fields: { ...stamped, sku: (i) => i.sku },
  text: [(i) => i.sku],
  unmodeled: [],
};

export const locationSearch: Searchable<Location> = {
  fields: {
    ...stamped,
    name: (l) => l.name,
    active: (l) => String(l.isActive),
    location_id: (l) => l.id,
  },
  text: [(l) => l.name],
  unmodeled: [
    'address1',
    'address2',
    'city',
    'country',
    'default',
    'legacy',
    'pickup_in_store',
    'province',
    'zip',
  ],
};

function customerName(store: ShopStore, id: number | null): string | null {
  const c = id === null ? undefined : store.customers.get(id);
  return c ? [c.firstName, c.lastName].filter(Boolean).join(' ') : null;
}

/** Filters by `query:` and files the parse and its warnings for the response's extensions. */
export function search<T>(
  items: Iterable<T>,
  query: string | null | undefined,
  spec: Searchable<T>,
  ctx: ShopContext,
  info: GraphQLResolveInfo | undefined,
): T[] {
  const options: SearchOptions<T> = {
    text: spec.text,
    unmodeled: spec.unmodeled,
    report: (r) => ctx.searches?.push({ ...r, path: pathOf(info) }),
  };
  return filterBySearch(items, query, spec.fields, options);
}

function pathOf(info: GraphQLResolveInfo | undefined): (string | number)[] {
  const parts: (string | number)[] = [];
  for (let p = info?.path; p; p = p.prev) parts.unshift(p.key);
  return parts;
}
