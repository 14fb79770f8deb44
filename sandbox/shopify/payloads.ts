import { gid } from './ids';
import {
  cents,
  money,
  type Customer,
  type InventoryLevel,
  type Order,
  type Product,
  type Refund,
  type ShopStore,
} from './store';

// Webhook bodies as Shopify sends them: the REST resource shape (snake_case, numeric ids,
// `admin_graphql_api_id`), not the GraphQL one. Lower-case statuses as REST spells them.
type Json = Record<string, unknown>;

export function customerPayload(c: Customer): Json {
  const addresses = c.addresses.map((a, i) => ({
    id: a.id,
    customer_id: c.id,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    country: a.country,
    zip: a.zip,
    phone: a.phone,
    province_code: a.provinceCode,
    country_code: a.countryCode,
    default: i === 0,
  }));
  return {
    id: c.id,
    email: c.email,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    first_name: c.firstName,
    last_name: c.lastName,
    state: 'enabled',
    note: c.note,
    verified_email: c.verifiedEmail,
    phone: c.phone,
    tags: c.tags.join(', '),
    currency: 'USD',
    addresses,
    default_address: addresses[0] ?? null,
    admin_graphql_api_id: gid('Customer', c.id),
  };
}

/** customers/delete carries almost nothing but the id. */
export function deletedCustomerPayload(c: Customer): Json {
  return {
    id: c.id,
    phone: null,
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: null,
    sms_marketing_consent: null,
    admin_graphql_api_id: gid('Customer', c.id),
  };
}

export function orderPayload(o: Order, store: ShopStore): Json {
  const customer = o.customerId === null ? undefined : store.customers.get(o.customerId);
  const refunded = o.refunds.reduce((sum, r) => sum + cents(r.amount), 0);
  return {
    id: o.id,
    admin_graphql_api_id: gid('Order', o.id),
    name: o.name,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    phone: o.phone,
    note: o.note,
    tags: o.tags.join(', '),
    test: false,
    currency: o.currency,
    presentment_currency: o.currency,
    subtotal_price: o.subtotal,
    total_tax: o.tax,
    total_price: o.total,
    current_total_price: money(cents(o.total) - refunded),
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status: restFulfillmentStatus(o.fulfillmentStatus),
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    processed_at: o.processedAt,
    cancelled_at: o.cancelledAt,
    closed_at: o.closedAt,
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          first_name: customer.firstName,
          last_name: customer.lastName,
          phone: customer.phone,
          created_at: customer.createdAt,
          updated_at: customer.updatedAt,
          admin_graphql_api_id: gid('Customer', customer.id),
        }
      : null,
    line_items: o.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: gid('LineItem', l.id),
      variant_id: l.variantId,
      product_id: l.productId,
      sku: l.sku,
      title: l.title,
      variant_title: l.variantTitle,
      name:
        l.variantTitle && l.variantTitle !== 'Default Title'
          ? `${l.title} - ${l.variantTitle}`
          : l.title,
      quantity: l.quantity,
      price: l.unitPrice,
    })),
    refunds: o.refunds.map((r) => refundPayload(o, r)),
    fulfillments: o.fulfillments.map((f) => ({
      id: f.id,
      admin_graphql_api_id: gid('Fulfillment', f.id),
      order_id: o.id,
      name: f.name,
      status: f.status.toLowerCase(),
      tracking_number: f.trackingNumber,
      tracking_numbers: f.trackingNumber ? [f.trackingNumber] : [],
      tracking_company: f.trackingCompany,
      created_at: f.createdAt,
      updated_at: f.updatedAt,
    })),
  };
}

export function refundPayload(o: Order, r: Refund): Json {
  const transaction = o.transactions.find(
    (t) => t.kind === 'REFUND' && t.createdAt === r.createdAt,
  );
  return {
    id: r.id,
    admin_graphql_api_id: gid('Refund', r.id),
    order_id: o.id,
    created_at: r.createdAt,
    processed_at: r.createdAt,
    note: r.note,
    restock: false,
    refund_line_items: [],
    transactions: transaction
      ? [
          {
            id: transaction.id,
            admin_graphql_api_id: gid('OrderTransaction', transaction.id),
            order_id: o.id,
            kind: 'refund',
            status: 'success',
            amount: transaction.amount,
            currency: o.currency,
            gateway: transaction.gateway,
            created_at: transaction.createdAt,
          },
        ]
      : [],
  };
}

export function productPayload(p: Product, store: ShopStore): Json {
  const variants = p.variantIds.flatMap((id) => {
    const v = store.variants.get(id);
    if (!v) return [];
    const available = store
      .levelsOfItem(v.inventoryItemId)
      .reduce((s, l) => s + l.quantities.available, 0);
    return [
      {
        id: v.id,
        admin_graphql_api_id: gid('ProductVariant', v.id),
        product_id: p.id,
        title: v.title,
        price: v.price,
        sku: v.sku,
        position: v.position,
        barcode: v.barcode,
        inventory_item_id: v.inventoryItemId,
        inventory_quantity: available,
        created_at: v.createdAt,
        updated_at: v.updatedAt,
      },
    ];
  });
  return {
    id: p.id,
    admin_graphql_api_id: gid('Product', p.id),
    title: p.title,
    handle: p.handle,
    status: p.status.toLowerCase(),
    vendor: p.vendor,
    product_type: p.productType,
    tags: p.tags.join(', '),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    variants,
  };
}

/** products/delete carries only the id. */
export function deletedProductPayload(p: Product): Json {
  return { id: p.id };
}

export function inventoryLevelPayload(level: InventoryLevel): Json {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: gid('InventoryLevel', level.id, {
      inventory_item_id: level.inventoryItemId,
    }),
  };
}

function restFulfillmentStatus(status: Order['fulfillmentStatus']): string | null {
  if (status === 'FULFILLED') return 'fulfilled';
  if (status === 'PARTIALLY_FULFILLED') return 'partial';
  return null;
}
