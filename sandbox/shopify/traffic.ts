import { TrafficGenerator } from '../toolkit/traffic';
import { chance, intBetween, pick, type Rng, weightedPick } from '../toolkit/random';
import { buildCustomer, buildOrder, buildProduct, fulfil } from './seed';
import { placeOrder, releaseFulfilled, restockCancelled } from './stock';
import { cents, money, type ShopStore } from './store';

// Live shop activity: new orders (some by new customers), refunds, cancellations, order edits
// (fulfilment, notes), stock changes, customer and product edits, new products, and the odd delete
// (customers without orders, as Shopify only allows those; products). Each goes through the store's mutations, so it
// stamps `updatedAt` and fires the matching webhooks.
export interface ShopTrafficOptions {
  ratePerSecond: number;
  seed: number;
  currency: string;
}

type Action = [weight: number, run: (store: ShopStore, rng: Rng, currency: string) => void];

const actions: Action[] = [
  [30, newOrder],
  [10, refundOrder],
  [15, editOrder],
  [2, cancelOrder],
  [25, changeStock],
  [12, editCustomer],
  [8, editProduct],
  [2, newProduct],
  [2, deleteCustomer],
  [1, deleteProduct],
];

export function createShopTraffic(store: ShopStore, options: ShopTrafficOptions): TrafficGenerator {
  return new TrafficGenerator({
    ratePerSecond: options.ratePerSecond,
    seed: options.seed,
    change: (rng) => weightedPick(rng, actions)?.(store, rng, options.currency),
  });
}

function newOrder(store: ShopStore, rng: Rng, currency: string): void {
  let customer = store.customers.size > 0 ? pick(rng, [...store.customers.values()]) : null;
  if (customer === null || chance(rng, 0.2)) {
    customer = store.upsertCustomer(
      buildCustomer(store, rng, store.customers.size, store.stamp()),
      'create',
    );
  }
  const order = buildOrder(store, rng, customer, store.stamp(), currency);
  // Refused when a DENY variant is short, as a checkout would be: no order, no stock moved.
  if (order.lineItems.length > 0) placeOrder(store, order);
}

function refundOrder(store: ShopStore, rng: Rng): void {
  const candidates = [...store.orders.values()].filter((o) => o.financialStatus === 'PAID');
  if (candidates.length === 0) return;
  const order = pick(rng, candidates);
  const full = chance(rng, 0.4);
  const amount = full ? order.total : money(Math.max(1, Math.floor(cents(order.total) * 0.25)));
  store.addRefund(order, amount, full ? 'Returned in full' : 'Partial refund');
}

function editOrder(store: ShopStore, rng: Rng): void {
  const orders = [...store.orders.values()];
  if (orders.length === 0) return;
  const order = pick(rng, orders);
  if (order.fulfillmentStatus === 'UNFULFILLED' && order.cancelledAt === null) {
    fulfil(store, rng, order, store.stamp());
    releaseFulfilled(store, order);
  } else {
    order.note = `Edited ${intBetween(rng, 1, 9999)}`;
    order.tags = chance(rng, 0.5) ? ['edited'] : [];
  }
  store.upsertOrder(order, 'update');
}

/** An unfulfilled order cancelled with a full refund (orders/cancelled, refunds/create). */
function cancelOrder(store: ShopStore, rng: Rng): void {
  const candidates = [...store.orders.values()].filter(
    (o) => o.financialStatus === 'PAID' && o.fulfillmentStatus === 'UNFULFILLED' && !o.cancelledAt,
  );
  if (candidates.length === 0) return;
  const order = pick(rng, candidates);
  store.addRefund(order, order.total, 'Order cancelled');
  restockCancelled(store, order);
  order.cancelledAt = store.stamp();
  order.closedAt = order.cancelledAt;
  store.upsertOrder(order, 'update');
}

function changeStock(store: ShopStore, rng: Rng): void {
  const levels = [...store.inventoryLevels.values()];
  if (levels.length === 0) return;
  const level = pick(rng, levels);
  const next = Math.max(0, level.quantities.available + intBetween(rng, -5, 10));
  store.setQuantity(level, 'available', next);
}

function editCustomer(store: ShopStore, rng: Rng): void {
  const customers = [...store.customers.values()];
  if (customers.length === 0) return;
  const customer = pick(rng, customers);
  customer.phone = `+1555${String(intBetween(rng, 1_000_000, 9_999_999))}`;
  customer.note = chance(rng, 0.3) ? 'Prefers email' : customer.note;
  store.upsertCustomer(customer, 'update');
}

function editProduct(store: ShopStore, rng: Rng): void {
  const products = [...store.products.values()];
  if (products.length === 0) return;
  const product = pick(rng, products);
  const variant = store.variants.get(pick(rng, product.variantIds));
  if (variant) {
    variant.price = money(Math.max(100, cents(variant.price) + intBetween(rng, -500, 500)));
    variant.updatedAt = store.stamp();
  }
  store.upsertProduct(product, 'update');
}

function newProduct(store: ShopStore, rng: Rng): void {
  const product = buildProduct(store, rng, store.products.size, store.stamp());
  store.upsertProduct(product, 'create');
}

function deleteCustomer(store: ShopStore, rng: Rng): void {
  const withOrders = new Set([...store.orders.values()].map((o) => o.customerId));
  const candidates = [...store.customers.values()].filter((c) => !withOrders.has(c.id));
  if (candidates.length > 0) store.deleteCustomer(pick(rng, candidates).id);
}

function deleteProduct(store: ShopStore, rng: Rng): void {
  // Keep a catalogue to sell from: a long traffic run must not empty the shop.
  if (store.products.size <= 5) return;
  store.deleteProduct(pick(rng, [...store.products.keys()]));
}
