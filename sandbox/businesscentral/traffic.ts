import { chance, intBetween, pick, type Rng, weightedPick } from '../toolkit/random';
import { TrafficGenerator } from '../toolkit/traffic';
import { buildCustomer, round2, shipOrder, totalOnHand } from './seed';
import type { BcStore } from './store';

// Live ERP activity: shipments of open sales orders, stock receipts and counts, customer and price
// edits, new customers, and the odd customer delete. Sales orders are not invented here: they come
// from the order-to-erp flow (or a test), through the API, as in Business Central.
// Each goes through the store, which stamps lastModifiedDateTime and notifies subscriptions.
type Action = [weight: number, run: (store: BcStore, rng: Rng, currencyCode: string) => void];

const actions: Action[] = [
  [20, ship],
  [30, changeStock],
  [10, editCustomer],
  [8, editItemPrice],
  [5, newCustomer],
  [2, deleteCustomer],
];

export function createBcTraffic(
  store: BcStore,
  options: { ratePerSecond: number; seed: number; currencyCode: string },
): TrafficGenerator {
  return new TrafficGenerator({
    ratePerSecond: options.ratePerSecond,
    seed: options.seed,
    change: (rng) => weightedPick(rng, actions)?.(store, rng, options.currencyCode),
  });
}

function ship(store: BcStore, rng: Rng): void {
  const open = store.list('salesOrders').filter((o) => !o.fullyShipped);
  if (open.length === 0) return;
  const order = pick(rng, open);
  shipOrder(store, rng, order, store.stamp(), true);
  for (const itemId of new Set((store.lines.get(order.id) ?? []).map((l) => l.itemId))) {
    refreshInventory(store, itemId);
  }
}

function changeStock(store: BcStore, rng: Rng): void {
  const stocks = store.list('locationStocks');
  if (stocks.length === 0) return;
  const stock = pick(rng, stocks);
  if (stock.incoming > 0 && chance(rng, 0.5)) {
    stock.onHand += stock.incoming;
    stock.incoming = 0;
  } else {
    stock.onHand = Math.max(0, stock.onHand + intBetween(rng, -5, 10));
    if (chance(rng, 0.1)) stock.incoming = intBetween(rng, 10, 50);
  }
  stock.available = Math.max(0, stock.onHand - stock.committed);
  store.upsert('locationStocks', stock);
  refreshInventory(store, stock.itemId);
}

function refreshInventory(store: BcStore, itemId: string): void {
  const item = store.get('items', itemId);
  if (!item) return;
  item.inventory = totalOnHand(store, itemId);
  store.upsert('items', item);
}

function editCustomer(store: BcStore, rng: Rng): void {
  const customers = store.list('customers');
  if (customers.length === 0) return;
  const customer = pick(rng, customers);
  customer.phoneNumber = `+1555${String(intBetween(rng, 1_000_000, 9_999_999))}`;
  store.upsert('customers', customer);
}

function editItemPrice(store: BcStore, rng: Rng): void {
  const item = pick(rng, store.list('items'));
  item.unitPrice = round2(Math.max(1, item.unitPrice + intBetween(rng, -300, 300) / 100));
  store.upsert('items', item);
}

function newCustomer(store: BcStore, rng: Rng, currencyCode: string): void {
  const n = store.list('customers').length + intBetween(rng, 1000, 9000);
  store.upsert('customers', buildCustomer(rng, n, currencyCode, store.stamp()));
}

function deleteCustomer(store: BcStore, rng: Rng): void {
  // BC refuses to delete a customer with open entries; only those without orders go.
  const withOrders = new Set(store.list('salesOrders').map((o) => o.customerId));
  const candidates = store.list('customers').filter((c) => !withOrders.has(c.id));
  if (candidates.length > 0) store.delete('customers', pick(rng, candidates).id);
}
