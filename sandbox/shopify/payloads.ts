import { gid } from './ids';
import { refundLinesOf } from './refund-lines';
import {
  cents,
  compareAtPrice,
  money,
  type Address,
  type Customer,
  type Fulfillment,
  type InventoryLevel,
  type LineItem,
  type Order,
  type Product,
  type Refund,
  type ShopStore,
} from './store';
import { inZone } from './timezone';

// Webhook bodies as Shopify sends them: the REST resource shape (snake_case, numeric ids,
// `admin_graphql_api_id`, money twice: as a string and as a `*_set` of shop and presentment
// money), not the GraphQL one. Lower-case statuses as REST spells them; instants in the shop's
// offset (kept to the millisecond, so two changes in one second still order).
type Json = Record<string, unknown>;

/** What a payload needs of the shop beyond the record. */
export interface ShopFacts {
  timezone: string;
  currency: string;
}
const utc: ShopFacts = { timezone: 'UTC', currency: 'USD' };

function moneySet(amount: string, currency: string): Json {
  const m = { amount, currency_code: currency };
  return { shop_money: m, presentment_money: { ...m } };
}

function restAddress(a: Address): Json {
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    country_code: a.countryCode,
    province_code: a.provinceCode,
  };
}

export function customerPayload(c: Customer, shop: ShopFacts = utc): Json {
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
    created_at: inZone(c.createdAt, shop.timezone),
    updated_at: inZone(c.updatedAt, shop.timezone),
    first_name: c.firstName,
    last_name: c.lastName,
    state: 'enabled',
    note: c.note,
    verified_email: c.verifiedEmail,
    phone: c.phone,
    tags: c.tags.join(', '),
    currency: shop.currency,
    tax_exempt: false,
    tax_exemptions: [],
    email_marketing_consent: c.email
      ? { state: 'not_subscribed', opt_in_level: 'single_opt_in', consent_updated_at: null }
      : null,
    sms_marketing_consent: null,
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

export function orderPayload(o: Order, store: ShopStore, shop: ShopFacts = utc): Json {
  const customer = o.customerId === null ? undefined : store.customers.get(o.customerId);
  const refunded = o.refunds.reduce((sum, r) => sum + cents(r.amount), 0);
  const at = (iso: string | null) => inZone(iso, shop.timezone);
  const set = (amount: string) => moneySet(amount, o.currency);
  const address = customer?.addresses[0];
  const current = money(cents(o.total) - refunded);
  const currentSubtotal = money(Math.max(0, cents(o.subtotal) - refunded));
  return {
    id: o.id,
    admin_graphql_api_id: gid('Order', o.id),
    name: o.name,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    contact_email: o.email,
    phone: o.phone,
    note: o.note,
    tags: o.tags.join(', '),
    test: false,
    confirmed: true,
    source_name: 'web',
    currency: o.currency,
    presentment_currency: o.currency,
    subtotal_price: o.subtotal,
    subtotal_price_set: set(o.subtotal),
    total_line_items_price: o.subtotal,
    total_line_items_price_set: set(o.subtotal),
    total_tax: o.tax,
    total_tax_set: set(o.tax),
    total_discounts: '0.00',
    total_discounts_set: set('0.00'),
    total_price: o.total,
    total_price_set: set(o.total),
    total_outstanding: '0.00',
    current_subtotal_price: currentSubtotal,
    current_subtotal_price_set: set(currentSubtotal),
    current_total_tax: o.tax,
    current_total_tax_set: set(o.tax),
    current_total_discounts: '0.00',
    current_total_discounts_set: set('0.00'),
    current_total_price: current,
    current_total_price_set: set(current),
    taxes_included: false,
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status: restFulfillmentStatus(o.fulfillmentStatus),
    created_at: at(o.createdAt),
    updated_at: at(o.updatedAt),
    processed_at: at(o.processedAt),
    cancelled_at: at(o.cancelledAt),
    cancel_reason: o.cancelledAt ? 'customer' : null,
    closed_at: at(o.closedAt),
    billing_address: address ? restAddress(address) : null,
    shipping_address: address ? restAddress(address) : null,
    customer: customer
      ? {
          id: customer.id,
          email: customer.email,
          first_name: customer.firstName,
          last_name: customer.lastName,
          phone: customer.phone,
          created_at: at(customer.createdAt),
          updated_at: at(customer.updatedAt),
          currency: shop.currency,
          default_address: address
            ? { id: address.id, customer_id: customer.id, ...restAddress(address), default: true }
            : null,
          admin_graphql_api_id: gid('Customer', customer.id),
        }
      : null,
    discount_codes: [],
    discount_applications: [],
    shipping_lines: [],
    tax_lines: [],
    line_items: o.lineItems.map((l) => lineItemPayload(l, o)),
    refunds: o.refunds.map((r) => refundPayload(o, r, shop)),
    fulfillments: o.fulfillments.map((f) => fulfillmentPayload(o, f, shop)),
  };
}

function lineItemPayload(l: LineItem, o: Order): Json {
  const fulfilled = o.fulfillmentStatus === 'FULFILLED';
  return {
    id: l.id,
    admin_graphql_api_id: gid('LineItem', l.id),
    variant_id: l.variantId,
    product_id: l.productId,
    product_exists: l.productId !== null,
    sku: l.sku,
    title: l.title,
    variant_title: l.variantTitle,
    name:
      l.variantTitle && l.variantTitle !== 'Default Title'
        ? `${l.title} - ${l.variantTitle}`
        : l.title,
    quantity: l.quantity,
    current_quantity: l.quantity,
    fulfillable_quantity: fulfilled || o.cancelledAt ? 0 : l.quantity,
    fulfillment_status: fulfilled ? 'fulfilled' : null,
    price: l.unitPrice,
    price_set: moneySet(l.unitPrice, o.currency),
    total_discount: '0.00',
    total_discount_set: moneySet('0.00', o.currency),
    requires_shipping: true,
    taxable: true,
    gift_card: false,
    variant_inventory_management: 'shopify',
    vendor: null,
    tax_lines: [],
    discount_allocations: [],
  };
}

export function fulfillmentPayload(o: Order, f: Fulfillment, shop: ShopFacts = utc): Json {
  return {
    id: f.id,
    admin_graphql_api_id: gid('Fulfillment', f.id),
    order_id: o.id,
    name: f.name,
    status: f.status.toLowerCase(),
    service: 'manual',
    shipment_status: null,
    location_id: f.locationId ?? null,
    origin_address: null,
    receipt: {},
    tracking_company: f.trackingCompany,
    tracking_number: f.trackingNumber,
    tracking_numbers: f.trackingNumber ? [f.trackingNumber] : [],
    tracking_url: f.trackingUrl ?? null,
    tracking_urls: f.trackingUrl ? [f.trackingUrl] : [],
    // The lines it shipped, each with the quantity shipped (all of every line when unnamed).
    line_items: f.lines
      ? f.lines.flatMap(({ lineItemId, quantity }) => {
          const line = o.lineItems.find((l) => l.id === lineItemId);
          return line ? [{ ...lineItemPayload(line, o), quantity }] : [];
        })
      : o.lineItems.map((l) => lineItemPayload(l, o)),
    created_at: inZone(f.createdAt, shop.timezone),
    updated_at: inZone(f.updatedAt, shop.timezone),
  };
}

export function refundPayload(o: Order, r: Refund, shop: ShopFacts = utc): Json {
  const transaction = o.transactions.find(
    (t) => t.kind === 'REFUND' && t.createdAt === r.createdAt,
  );
  return {
    id: r.id,
    admin_graphql_api_id: gid('Refund', r.id),
    order_id: o.id,
    created_at: inZone(r.createdAt, shop.timezone),
    processed_at: inZone(r.createdAt, shop.timezone),
    note: r.note,
    restock: false,
    user_id: null,
    order_adjustments: [],
    duties: [],
    refund_line_items: refundLinesOf(o, r).map((line) => ({
      id: line.id,
      line_item_id: line.lineItem.id,
      location_id: null,
      quantity: line.quantity,
      restock_type: 'no_restock',
      subtotal: Number(line.subtotal),
      subtotal_set: moneySet(line.subtotal, o.currency),
      total_tax: Number(line.totalTax),
      total_tax_set: moneySet(line.totalTax, o.currency),
      line_item: lineItemPayload(line.lineItem, o),
    })),
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
            created_at: inZone(transaction.createdAt, shop.timezone),
            processed_at: inZone(transaction.createdAt, shop.timezone),
          },
        ]
      : [],
  };
}

export function productPayload(p: Product, store: ShopStore, shop: ShopFacts = utc): Json {
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
        compare_at_price: compareAtPrice(v),
        option1: v.title,
        option2: null,
        option3: null,
        taxable: true,
        inventory_policy: 'deny',
        inventory_management: 'shopify',
        fulfillment_service: 'manual',
        requires_shipping: true,
        image_id: null,
        inventory_item_id: v.inventoryItemId,
        inventory_quantity: available,
        created_at: inZone(v.createdAt, shop.timezone),
        updated_at: inZone(v.updatedAt, shop.timezone),
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
    body_html: null,
    template_suffix: null,
    published_scope: 'global',
    published_at: p.status === 'ACTIVE' ? inZone(p.createdAt, shop.timezone) : null,
    created_at: inZone(p.createdAt, shop.timezone),
    updated_at: inZone(p.updatedAt, shop.timezone),
    variants,
    // One option, "Title", whose values are the variants' titles (the sandbox's variants differ
    // by one dimension); the sandbox's products have no images.
    options: [
      {
        id: 6_000_000_000 + p.id,
        product_id: p.id,
        name: 'Title',
        position: 1,
        values: variants.map((v) => v.title),
      },
    ],
    images: [],
    image: null,
    media: [],
  };
}

/** products/delete carries only the id. */
export function deletedProductPayload(p: Product): Json {
  return { id: p.id };
}

export function inventoryLevelPayload(level: InventoryLevel, shop: ShopFacts = utc): Json {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: inZone(level.updatedAt, shop.timezone),
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
