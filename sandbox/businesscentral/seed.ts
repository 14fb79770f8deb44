import type { Person } from '../toolkit/people';
import { chance, createRng, intBetween, pick, type Rng } from '../toolkit/random';
import { docNumber, guid } from './ids';
import { trackingFor } from './shipping';
import type { BcStore, Customer, Item, Location, SalesOrder, SalesOrderLine } from './store';

// A coherent company: locations, items with stock at each location, customers, and sales orders
// over `historyDays`, the older ones shipped. Everything is drawn from the seed.
export interface BcSeedOptions {
  seed: number;
  customers: number;
  items: number;
  locations: number;
  salesOrders: number;
  historyDays: number;
  now: number;
  currencyCode: string;
  people: Person[];
  catalog: { sku: string; name: string; price: number }[];
  warehouses: string[];
}

const firstNames = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jon'];
const lastNames = ['Adler', 'Brooks', 'Costa', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hall'];
const products = ['Mug', 'Tee', 'Hoodie', 'Cap', 'Tote', 'Poster', 'Sticker', 'Notebook'];
const warehouses: [string, string, string][] = [
  ['MAIN', 'Main Warehouse', 'Atlanta'],
  ['EAST', 'East Coast DC', 'Newark'],
  ['WEST', 'West Coast DC', 'Reno'],
  ['NORTH', 'North DC', 'Minneapolis'],
  ['SOUTH', 'South DC', 'Houston'],
];

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function seedStore(store: BcStore, options: BcSeedOptions): void {
  const rng = createRng(options.seed);
  const start = options.now - options.historyDays * 86_400_000;
  const at = (fraction: number) => new Date(start + fraction * (options.now - start)).toISOString();
  const warehouseCount = options.warehouses.length || options.locations;
  for (let i = 0; i < warehouseCount; i += 1) {
    const location = buildLocation(rng, i, at(0));
    const name = options.warehouses[i];
    if (name) {
      location.displayName = name;
      location.code = locationCode(name, i);
    }
    store.load('locations', location);
  }
  const locations = store.list('locations');
  const itemCount = options.catalog.length || options.items;
  for (let i = 0; i < itemCount; i += 1) {
    const item = buildItem(rng, i, at(0.01));
    const listed = options.catalog[i];
    if (listed) {
      item.number = listed.sku;
      item.displayName = listed.name;
      item.unitPrice = listed.price;
      item.unitCost = round2(listed.price * 0.45);
    }
    store.load('items', item);
    // A catalog's SKUs are its variants already; only generated items get BC item variants.
    if (!listed && i % 5 === 0) {
      for (const code of ['S', 'M', 'L']) {
        store.load('itemVariants', {
          id: guid(rng),
          itemId: item.id,
          itemNumber: item.number,
          code,
          description: `${item.displayName} ${code}`,
          lastModifiedDateTime: at(0.01),
        });
      }
    }
    for (const location of locations) {
      const onHand = intBetween(rng, 0, 200);
      store.load('locationStocks', {
        id: guid(rng),
        itemId: item.id,
        itemNumber: item.number,
        variantCode: '',
        locationId: location.id,
        locationCode: location.code,
        onHand,
        available: onHand,
        committed: 0,
        incoming: chance(rng, 0.2) ? intBetween(rng, 10, 50) : 0,
        lastModifiedDateTime: at(0.02 + rng() * 0.9),
      });
    }
    item.inventory = totalOnHand(store, item.id);
  }
  for (let i = 0; i < options.customers; i += 1) {
    store.load('customers', buildCustomer(rng, i, options.currencyCode, at(0.05 + rng() * 0.9)));
  }
  options.people.forEach((person, i) => {
    const customer = buildCustomer(rng, options.customers + i, options.currencyCode, at(0.05));
    customer.displayName = `${person.firstName} ${person.lastName}`;
    customer.email = person.email;
    customer.phoneNumber = person.phone ?? customer.phoneNumber;
    store.load('customers', customer);
  });
  const customers = store.list('customers');
  if (customers.length === 0) return;
  const stamps = Array.from({ length: options.salesOrders }, () => 0.1 + rng() * 0.89).sort();
  stamps.forEach((fraction, i) => {
    const order = buildSalesOrder(store, rng, pick(rng, customers), 1001 + i, at(fraction));
    store.load('salesOrders', order);
    // Orders older than a week are shipped: a posted shipment, shipped quantities on the lines.
    if (options.now - Date.parse(order.orderDate) > 7 * 86_400_000) {
      shipOrder(store, rng, order, at(Math.min(1, fraction + 0.005)), false);
    }
  });
}

export function totalOnHand(store: BcStore, itemId: string): number {
  return store
    .list('locationStocks')
    .filter((s) => s.itemId === itemId)
    .reduce((sum, s) => sum + s.onHand, 0);
}

/** A BC location code: upper-case letters of the name, at most 10, unique by position. */
function locationCode(name: string, i: number): string {
  const letters = name.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return `${letters.slice(0, 8) || 'LOC'}${i}`;
}

export function buildLocation(rng: Rng, i: number, stamp: string): Location {
  const [code, displayName, city] = warehouses[i] ?? [`LOC${i}`, `Location ${i}`, 'Denver'];
  return {
    id: guid(rng),
    code,
    displayName,
    contact: pick(rng, firstNames),
    addressLine1: `${intBetween(rng, 1, 999)} Commerce Way`,
    city,
    state: '',
    country: 'US',
    postalCode: String(intBetween(rng, 10000, 99999)),
    phoneNumber: '',
    email: '',
    lastModifiedDateTime: stamp,
  };
}

export function buildItem(rng: Rng, i: number, stamp: string): Item {
  const price = intBetween(rng, 500, 9000) / 100;
  return {
    id: guid(rng),
    number: docNumber('SKU-', i + 1, 4),
    displayName: `${pick(rng, ['Classic', 'Organic', 'Retro', 'Summit'])} ${pick(rng, products)}`,
    type: 'Inventory',
    itemCategoryCode: 'MERCH',
    blocked: false,
    gtin: String(intBetween(rng, 100_000_000, 999_999_999)).padStart(13, '0'),
    inventory: 0,
    unitPrice: price,
    priceIncludesTax: false,
    unitCost: round2(price * 0.45),
    baseUnitOfMeasureCode: 'PCS',
    lastModifiedDateTime: stamp,
  };
}

export function buildCustomer(rng: Rng, i: number, currencyCode: string, stamp: string): Customer {
  const first = pick(rng, firstNames);
  const last = pick(rng, lastNames);
  return {
    id: guid(rng),
    number: docNumber('C', (i + 1) * 10),
    displayName: `${first} ${last}`,
    type: 'Person',
    addressLine1: `${intBetween(rng, 1, 999)} Main St`,
    addressLine2: '',
    city: pick(rng, ['Atlanta', 'Boston', 'Chicago', 'Denver']),
    state: pick(rng, ['GA', 'MA', 'IL', 'CO']),
    country: 'US',
    postalCode: String(intBetween(rng, 10000, 99999)),
    phoneNumber: `+1555${String(intBetween(rng, 1_000_000, 9_999_999))}`,
    email: `${first}.${last}.${i + 1}@example.com`.toLowerCase(),
    website: '',
    taxLiable: true,
    currencyCode,
    blocked: ' ',
    balanceDue: 0,
    creditLimit: 0,
    lastModifiedDateTime: stamp,
  };
}

export function buildSalesOrder(
  store: BcStore,
  rng: Rng,
  customer: Customer,
  n: number,
  stamp: string,
): SalesOrder {
  const id = guid(rng);
  const items = store.list('items');
  const locations = store.list('locations');
  const lines: SalesOrderLine[] = [];
  for (let s = 1; s <= intBetween(rng, 1, 4); s += 1) {
    const item = pick(rng, items);
    const variants = store.list('itemVariants').filter((v) => v.itemId === item.id);
    const quantity = intBetween(rng, 1, 3);
    const net = round2(quantity * item.unitPrice);
    lines.push({
      id: guid(rng),
      documentId: id,
      sequence: s * 10000,
      itemId: item.id,
      lineType: 'Item',
      lineObjectNumber: item.number,
      description: item.displayName,
      unitOfMeasureCode: 'PCS',
      quantity,
      unitPrice: item.unitPrice,
      discountAmount: 0,
      amountExcludingTax: net,
      taxPercent: 8,
      amountIncludingTax: round2(net * 1.08),
      shipmentDate: stamp.slice(0, 10),
      shippedQuantity: 0,
      invoicedQuantity: 0,
      itemVariantId:
        variants.length > 0 ? pick(rng, variants).id : '00000000-0000-0000-0000-000000000000',
      locationId: pick(rng, locations).id,
    });
  }
  store.lines.set(id, lines);
  const net = round2(lines.reduce((sum, l) => sum + l.amountExcludingTax, 0));
  const gross = round2(lines.reduce((sum, l) => sum + l.amountIncludingTax, 0));
  return {
    id,
    number: `SO-${n}`,
    externalDocumentNumber: `#${n}`,
    orderDate: stamp.slice(0, 10),
    postingDate: stamp.slice(0, 10),
    customerId: customer.id,
    customerNumber: customer.number,
    customerName: customer.displayName,
    email: customer.email,
    currencyCode: customer.currencyCode,
    pricesIncludeTax: false,
    status: 'Open',
    totalAmountExcludingTax: net,
    totalTaxAmount: round2(gross - net),
    totalAmountIncludingTax: gross,
    fullyShipped: false,
    lastModifiedDateTime: stamp,
  };
}

/**
 * Ships every line of an order from its location: a posted shipment, shipped quantities, and
 * stock taken off. `live` goes through the store's mutations (stamps and notifications).
 */
export function shipOrder(
  store: BcStore,
  rng: Rng,
  order: SalesOrder,
  stamp: string,
  live: boolean,
): void {
  for (const line of store.lines.get(order.id) ?? []) {
    line.shippedQuantity = line.quantity;
    const stock = store
      .list('locationStocks')
      .find((s) => s.itemId === line.itemId && s.locationId === line.locationId);
    if (stock) {
      stock.onHand = Math.max(0, stock.onHand - line.quantity);
      stock.available = Math.max(0, stock.onHand - stock.committed);
      if (live) store.upsert('locationStocks', stock);
    }
  }
  order.status = 'Released';
  order.fullyShipped = true;
  const number = `S-SHP${order.number.slice(3)}`;
  const shipment = {
    id: guid(rng),
    number,
    externalDocumentNumber: order.externalDocumentNumber,
    orderNumber: order.number,
    customerNumber: order.customerNumber,
    customerName: order.customerName,
    shipmentDate: stamp.slice(0, 10),
    postingDate: stamp.slice(0, 10),
    ...trackingFor(number),
    lastModifiedDateTime: stamp,
  };
  if (live) {
    store.upsert('salesOrders', order);
    store.upsert('salesShipments', shipment);
  } else {
    order.lastModifiedDateTime = stamp;
    store.load('salesShipments', shipment);
  }
}
