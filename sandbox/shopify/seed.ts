import { chance, createRng, intBetween, pick, type Rng } from '../toolkit/random';
import type { ShopStore } from './store';
import {
  cents,
  money,
  quantityNames,
  type Customer,
  type InventoryLevel,
  type Order,
  type Product,
  type QuantityName,
  type Variant,
} from './store';

// A seeded, coherent shop history: the same seed gives the same records, ids and timestamps, so a
// test can compare what a connector captured with what the sandbox holds.
export interface SeedOptions {
  seed: number;
  customers: number;
  products: number;
  orders: number;
  locations: number;
  /** History ends here (epoch ms) and spans `historyDays` before it. */
  now: number;
  historyDays: number;
  currency: string;
}

const firstNames = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Ken',
  'Margaret',
  'Linus',
  'Frances',
  'Dennis',
  'Radia',
  'Tim',
];
const lastNames = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Torvalds',
  'Allen',
  'Ritchie',
  'Perlman',
  'Berners-Lee',
];
const cities: [string, string, string, string][] = [
  ['Portland', 'Oregon', 'OR', '97201'],
  ['Austin', 'Texas', 'TX', '73301'],
  ['Denver', 'Colorado', 'CO', '80201'],
  ['Boston', 'Massachusetts', 'MA', '02108'],
];
const productWords = [
  'Alpine',
  'Harbor',
  'Cedar',
  'Meadow',
  'Summit',
  'Coastal',
  'Granite',
  'Willow',
];
const productKinds = ['Jacket', 'Mug', 'Backpack', 'Candle', 'Notebook', 'Scarf', 'Bottle', 'Lamp'];
const vendors = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin'];
const sizes = ['Small', 'Medium', 'Large'];
const locationNames = ['Main Warehouse', 'East Fulfilment', 'Retail Store', 'West Depot', 'Outlet'];
const gateways = ['shopify_payments', 'paypal', 'manual'];
const carriers = ['UPS', 'USPS', 'FedEx', 'DHL Express'];

export function seedStore(store: ShopStore, options: SeedOptions): void {
  const rng = createRng(options.seed);
  const start = options.now - options.historyDays * 86_400_000;
  const at = () => new Date(start + Math.floor(rng() * (options.now - start))).toISOString();
  let latest = new Date(start).toISOString();
  const later = (from: string) => {
    const iso = new Date(
      Math.min(options.now, Date.parse(from) + Math.floor(rng() * 5 * 86_400_000)),
    ).toISOString();
    if (iso > latest) latest = iso;
    return iso;
  };

  for (let i = 0; i < options.locations; i += 1) {
    const created = new Date(start).toISOString();
    const name = locationNames[i] ?? `Location ${i + 1}`;
    const id = store.newId();
    store.locations.set(id, { id, name, isActive: true, createdAt: created, updatedAt: created });
  }
  for (let i = 0; i < options.products; i += 1) {
    const created = at();
    const product = buildProduct(store, rng, i, created);
    product.updatedAt = later(created);
    store.products.set(product.id, product);
  }
  for (let i = 0; i < options.customers; i += 1) {
    const created = at();
    const customer = buildCustomer(store, rng, i, created);
    customer.updatedAt = later(created);
    store.customers.set(customer.id, customer);
  }
  const customers = [...store.customers.values()];
  const variants = [...store.variants.values()];
  const orderTimes = Array.from({ length: options.orders }, at).sort();
  for (const created of orderTimes) {
    const customer = customers.length > 0 && !chance(rng, 0.05) ? pick(rng, customers) : null;
    const order = buildOrder(store, rng, customer, created, options.currency, variants);
    if (order.lineItems.length === 0) continue;
    order.updatedAt = created;
    if (chance(rng, 0.6)) {
      fulfil(store, rng, order, later(created));
      order.updatedAt = order.fulfillments[0]?.createdAt ?? created;
    }
    if (chance(rng, 0.08)) {
      const refundAt = later(order.updatedAt);
      const amount = money(
        Math.max(1, Math.floor(cents(order.total) * (chance(rng, 0.5) ? 1 : 0.3))),
      );
      refund(store, order, amount, 'Customer return', refundAt);
      order.updatedAt = refundAt;
    }
    if (order.updatedAt > latest) latest = order.updatedAt;
    store.orders.set(order.id, order);
  }
  store.advanceStampPast(latest);
}

export function buildCustomer(store: ShopStore, rng: Rng, i: number, at: string): Customer {
  const firstName = pick(rng, firstNames);
  const lastName = pick(rng, lastNames);
  const id = store.newId();
  const [city, province, provinceCode, zip] = pick(rng, cities);
  const phone = chance(rng, 0.7)
    ? `+1555${String(1_000_000 + ((i * 7919) % 8_999_999)).slice(0, 7)}`
    : null;
  return {
    id,
    email: `${firstName}.${lastName}.${id}@example.com`.toLowerCase(),
    firstName,
    lastName,
    phone,
    note: null,
    tags: chance(rng, 0.2) ? ['vip'] : [],
    verifiedEmail: true,
    addresses: [
      {
        id: store.newId(),
        firstName,
        lastName,
        company: null,
        address1: `${intBetween(rng, 1, 999)} Market Street`,
        address2: null,
        city,
        province,
        provinceCode,
        country: 'United States',
        countryCode: 'US',
        zip,
        phone,
      },
    ],
    createdAt: at,
    updatedAt: at,
  };
}

export function buildProduct(store: ShopStore, rng: Rng, i: number, at: string): Product {
  const title = `${pick(rng, productWords)} ${pick(rng, productKinds)} ${i + 1}`;
  const product: Product = {
    id: store.newId(),
    title,
    handle: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    status: chance(rng, 0.9) ? 'ACTIVE' : 'DRAFT',
    vendor: pick(rng, vendors),
    productType: title.split(' ')[1] ?? 'Goods',
    tags: [],
    variantIds: [],
    createdAt: at,
    updatedAt: at,
  };
  const count = intBetween(rng, 1, 3);
  const base = intBetween(rng, 5, 200) * 100 - 1;
  for (let v = 0; v < count; v += 1) {
    const variantId = store.newId();
    const itemId = store.newId();
    const sku = `SKU-${product.id}-${v + 1}`;
    store.variants.set(variantId, {
      id: variantId,
      productId: product.id,
      title: count === 1 ? 'Default Title' : (sizes[v] ?? `Option ${v + 1}`),
      sku,
      barcode: null,
      price: money(base + v * 500),
      position: v + 1,
      inventoryItemId: itemId,
      // One product in seven keeps selling when out of stock; the rest deny, Shopify's default.
      inventoryPolicy: product.id % 7 === 0 ? 'CONTINUE' : 'DENY',
      createdAt: at,
      updatedAt: at,
    });
    store.inventoryItems.set(itemId, {
      id: itemId,
      variantId,
      sku,
      tracked: true,
      createdAt: at,
      updatedAt: at,
    });
    for (const locationId of store.locations.keys()) {
      const available = intBetween(rng, 0, 120);
      const level: InventoryLevel = {
        id: store.newId(),
        inventoryItemId: itemId,
        locationId,
        quantities: Object.fromEntries(quantityNames.map((n) => [n, 0])) as Record<
          QuantityName,
          number
        >,
        createdAt: at,
        updatedAt: at,
      };
      level.quantities.available = available;
      level.quantities.on_hand = available;
      store.inventoryLevels.set(store.levelKey(itemId, locationId), level);
    }
    product.variantIds.push(variantId);
  }
  return product;
}

export function buildOrder(
  store: ShopStore,
  rng: Rng,
  customer: Customer | null,
  at: string,
  currency: string,
  variants: readonly Variant[] = [...store.variants.values()],
): Order {
  const lines = variants.length === 0 ? 0 : intBetween(rng, 1, 4);
  const order: Order = {
    id: store.newId(),
    number: 0,
    name: '',
    email: customer?.email ?? null,
    phone: customer?.phone ?? null,
    note: null,
    tags: [],
    customerId: customer?.id ?? null,
    currency,
    lineItems: [],
    subtotal: '0.00',
    tax: '0.00',
    total: '0.00',
    financialStatus: 'PAID',
    fulfillmentStatus: 'UNFULFILLED',
    refunds: [],
    transactions: [],
    fulfillments: [],
    processedAt: at,
    createdAt: at,
    updatedAt: at,
    cancelledAt: null,
    closedAt: null,
  };
  order.number = store.newOrderNumber();
  order.name = `#${order.number}`;
  let subtotal = 0;
  for (let l = 0; l < lines; l += 1) {
    const variant = pick(rng, variants);
    const product = store.products.get(variant.productId);
    const quantity = intBetween(rng, 1, 3);
    subtotal += cents(variant.price) * quantity;
    order.lineItems.push({
      id: store.newId(),
      variantId: variant.id,
      productId: variant.productId,
      sku: variant.sku,
      title: product?.title ?? variant.title,
      variantTitle: variant.title,
      quantity,
      unitPrice: variant.price,
    });
  }
  const tax = Math.round(subtotal * 0.08);
  order.subtotal = money(subtotal);
  order.tax = money(tax);
  order.total = money(subtotal + tax);
  order.transactions.push({
    id: store.newId(),
    kind: 'SALE',
    status: 'SUCCESS',
    amount: order.total,
    gateway: pick(rng, gateways),
    createdAt: at,
  });
  return order;
}

/** Fulfils every line at once (the sandbox does not model partial fulfilment orders). */
export function fulfil(store: ShopStore, rng: Rng, order: Order, at: string): void {
  order.fulfillments.push({
    id: store.newId(),
    name: `${order.name}-F${order.fulfillments.length + 1}`,
    status: 'SUCCESS',
    trackingNumber: `1Z${intBetween(rng, 100_000_000, 999_999_999)}`,
    trackingCompany: pick(rng, carriers),
    createdAt: at,
    updatedAt: at,
  });
  order.fulfillmentStatus = 'FULFILLED';
  // Its fulfillment orders, if already made, have nothing left (fulfillment-orders.ts).
  for (const fo of store.fulfillmentOrders.get(order.id) ?? []) {
    for (const line of fo.lineItems) line.remainingQuantity = 0;
    if (fo.status === 'OPEN' || fo.status === 'IN_PROGRESS') fo.status = 'CLOSED';
    fo.updatedAt = at;
  }
}

/** History-only refund (no events); live refunds go through ShopStore.addRefund. */
function refund(store: ShopStore, order: Order, amount: string, note: string, at: string): void {
  order.refunds.push({
    id: store.newId(),
    orderId: order.id,
    amount,
    note,
    createdAt: at,
    updatedAt: at,
  });
  order.transactions.push({
    id: store.newId(),
    kind: 'REFUND',
    status: 'SUCCESS',
    amount,
    gateway: order.transactions[0]?.gateway ?? 'manual',
    createdAt: at,
  });
  order.financialStatus = cents(amount) >= cents(order.total) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}
