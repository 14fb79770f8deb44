import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AccountingCreditMemo,
  AccountingCustomer,
  AccountingInvoice,
  AccountingJournalEntry,
  AccountingPayment,
  ChangeEvent,
  CrmContact,
  ErpCustomer,
  ErpInventoryLevel,
  ErpItem,
  ErpLocation,
  ErpSalesOrder,
  ErpShipment,
  ShopifyCustomer,
  ShopifyInventoryLevel,
  ShopifyLocation,
  ShopifyOrder,
  ShopifyProduct,
} from '../schema/events';
import { decodeEvent, encodeEvent, eventTopic } from '../streams/codec';
import { datasetSummary, generateDataset, generateEvents } from './dataset';
import { toMinorUnits } from '../lib/money';

/** The latest payload of every record that still exists, by `source.entity`. */
function latestRecords(events: ChangeEvent[]): Map<string, Map<string, Record<string, unknown>>> {
  const byKind = new Map<string, Map<string, Record<string, unknown>>>();
  for (const event of events) {
    const kind = `${event.source}.${event.entity}`;
    const records = byKind.get(kind) ?? new Map<string, Record<string, unknown>>();
    byKind.set(kind, records);
    if (event.payload) records.set(event.sourceId, event.payload);
    else records.delete(event.sourceId);
  }
  return byKind;
}

let events: ChangeEvent[];
let records: ReturnType<typeof latestRecords>;
// Each kind as its payload type; the events were validated against these schemas below.
const all = <T>(kind: string): T[] => [...(records.get(kind)?.values() ?? [])] as T[];
const normalised = (email: string | null | undefined) => email?.trim().toLowerCase() || null;
const digits = (phone: string | null | undefined) => phone?.replace(/\D/g, '') || null;

beforeAll(() => {
  events = generateDataset();
  records = latestRecords(events);
});

describe('generateDataset at its defaults', () => {
  it('produces only events that encode and decode on their topic', () => {
    const rejected = events.flatMap((event) => {
      const topic = eventTopic(event);
      const decoded = decodeEvent(topic, encodeEvent(event).value);
      return decoded.ok ? [] : [`${topic} ${event.sourceId}: ${decoded.reason}`];
    });
    expect(rejected).toEqual([]);
  });

  it('meets the minimums of the demo', () => {
    const customers = all<ShopifyCustomer>('shopify.customer');
    const products = all<ShopifyProduct>('shopify.product');
    const variants = products.flatMap((p) => p.variants);
    expect(customers.length).toBeGreaterThanOrEqual(120);
    expect(all<ShopifyOrder>('shopify.order').length).toBeGreaterThanOrEqual(600);
    expect(products.length).toBeGreaterThanOrEqual(60);
    expect(products.every((p) => p.variants.length >= 1 && p.variants.length <= 4)).toBe(true);
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    for (const kind of ['accounting.invoice', 'accounting.payment', 'accounting.credit-memo']) {
      expect(records.get(kind)?.size, kind).toBeGreaterThan(20);
    }
    for (const kind of ['crm.company', 'crm.deal', 'erp.shipment', 'accounting.journal-entry']) {
      expect(records.get(kind)?.size, kind).toBeGreaterThan(5);
    }
    const summary = datasetSummary(events);
    expect(Object.keys(summary)).toHaveLength(19);
    expect(Object.values(summary).reduce((a, b) => a + b, 0)).toBe(events.length);
  });

  it('has the same three warehouses in Shopify and the ERP, and stock for every SKU at each', () => {
    const shopify = all<ShopifyLocation>('shopify.location');
    const erp = all<ErpLocation>('erp.location');
    expect(shopify.map((l) => l.name).sort()).toEqual(erp.map((l) => l.displayName).sort());
    expect(shopify).toHaveLength(3);
    expect(erp.every((l) => l.id === l.code)).toBe(true);
    const variants = all<ShopifyProduct>('shopify.product').flatMap((p) =>
      p.variants.map((v) => ({ ...v, productId: p.id })),
    );
    const shopifyLevels = records.get('shopify.inventory-level');
    const erpLevels = records.get('erp.inventory-level');
    const items = new Map(all<ErpItem>('erp.item').map((item) => [item.number, item]));
    for (const variant of variants) {
      const item = items.get(variant.sku);
      expect(item?.unitPrice).toBe(variant.price);
      expect(toMinorUnits(item?.unitCost ?? '0.00')).toBeLessThan(toMinorUnits(variant.price));
      let onHand = 0;
      for (const [i, location] of shopify.entries()) {
        const level = shopifyLevels?.get(`${variant.inventoryItemId}:${location.id}`) as
          ShopifyInventoryLevel | undefined;
        const code = (erp.find((l) => l.displayName === location.name) ?? erp[i])?.code;
        const erpLevel = erpLevels?.get(`${variant.sku}:${code}`) as ErpInventoryLevel | undefined;
        expect(level?.quantities.onHand).toBe(erpLevel?.onHand);
        expect(level?.productId).toBe(variant.productId);
        expect(erpLevel && erpLevel.available).toBe(
          erpLevel && erpLevel.onHand - erpLevel.committed,
        );
        onHand += erpLevel?.onHand ?? 0;
      }
      expect(item?.inventory).toBe(onHand);
    }
  });

  it('puts at least 20 people in all four systems under emails that differ in case or spaces', () => {
    const emails = (kind: string, field: string) =>
      new Map(
        all<Record<string, string | null>>(kind)
          .filter((r) => normalised(r[field]))
          .map((r) => [normalised(r[field]), r[field]]),
      );
    const shopify = emails('shopify.customer', 'email');
    const others = [
      emails('erp.customer', 'email'),
      emails('crm.contact', 'email'),
      emails('accounting.customer', 'email'),
    ];
    const inAllFour = [...shopify].filter(([norm, raw]) => {
      const spellings = others.map((m) => m.get(norm));
      return spellings.every(Boolean) && spellings.some((spelling) => spelling !== raw);
    });
    expect(inAllFour.length).toBeGreaterThanOrEqual(20);
    expect(inAllFour.some(([, raw]) => raw !== raw?.trim())).toBe(true);
  });

  it('links a few records only by phone digits and a few only by shopifyCustomerId', () => {
    const shopify = all<ShopifyCustomer>('shopify.customer');
    const shopifyEmails = new Set(shopify.map((c) => normalised(c.email)));
    const shopifyPhones = new Set(shopify.map((c) => digits(c.phone)).filter(Boolean));
    const shopifyIds = new Set(shopify.map((c) => c.id));
    const others = [
      ...all<ErpCustomer>('erp.customer').map((c) => ({ ...c, phone: c.phoneNumber })),
      ...all<CrmContact>('crm.contact'),
      ...all<AccountingCustomer>('accounting.customer'),
    ];
    const byPhoneOnly = others.filter(
      (r) => !normalised(r.email) && !r.shopifyCustomerId && shopifyPhones.has(digits(r.phone)),
    );
    const byXrefOnly = others.filter(
      (r) =>
        !shopifyEmails.has(normalised(r.email)) &&
        !shopifyPhones.has(digits(r.phone)) &&
        shopifyIds.has(r.shopifyCustomerId ?? ''),
    );
    expect(byPhoneOnly.length).toBeGreaterThanOrEqual(3);
    expect(byXrefOnly.length).toBeGreaterThanOrEqual(3);
  });

  it('writes money as decimal strings with exactly two decimals', () => {
    const money = new Set([
      'totalPrice',
      'subtotalPrice',
      'totalTax',
      'unitPrice',
      'amount',
      'price',
      'unitCost',
      'balanceDue',
      'totalAmountIncludingTax',
      'balance',
      'totalAmount',
    ]);
    let checked = 0;
    const bad: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (value === null || typeof value !== 'object') return;
      for (const [key, field] of Object.entries(value)) {
        if (!money.has(key)) walk(field);
        else if (typeof field !== 'string' || !/^-?\d+\.\d{2}$/.test(field))
          bad.push(`${key}: ${field}`);
        else checked++;
      }
    };
    events.forEach((event) => walk(event.payload));
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });

  it('adds up: orders, sales orders, invoices, payments, credit memos and fees', () => {
    const cents = toMinorUnits;
    const variants = new Map(
      all<ShopifyProduct>('shopify.product')
        .flatMap((p) => p.variants)
        .map((v) => [v.sku, v.id]),
    );
    const orders = new Map(all<ShopifyOrder>('shopify.order').map((o) => [o.name, o]));
    for (const order of orders.values()) {
      const lines = order.lineItems.reduce((s, l) => s + l.quantity * cents(l.unitPrice), 0);
      expect(cents(order.subtotalPrice)).toBe(lines);
      expect(cents(order.totalPrice)).toBe(lines + cents(order.totalTax));
      for (const line of order.lineItems) expect(variants.get(line.sku ?? '')).toBe(line.variantId);
    }
    const salesOrders = all<ErpSalesOrder>('erp.sales-order');
    expect(salesOrders.length).toBeGreaterThan(orders.size / 2);
    for (const so of salesOrders) {
      expect(so.totalAmountIncludingTax).toBe(orders.get(so.externalDocumentNumber)?.totalPrice);
    }
    const soNumbers = new Set(salesOrders.map((so) => so.number));
    expect(all<ErpShipment>('erp.shipment').every((s) => soNumbers.has(s.orderNumber))).toBe(true);

    const customers = new Map(all<AccountingCustomer>('accounting.customer').map((c) => [c.id, c]));
    const invoices = new Map(all<AccountingInvoice>('accounting.invoice').map((i) => [i.id, i]));
    expect(invoices.size).toBeGreaterThan(orders.size / 2);
    const open = new Map<string, number>();
    for (const invoice of invoices.values()) {
      const order = orders.get(invoice.orderName ?? '');
      expect(invoice.totalAmount).toBe(order?.totalPrice);
      const lines = invoice.lines.reduce((s, l) => s + cents(l.amount), 0);
      expect(lines).toBe(cents(order?.subtotalPrice ?? '0.00'));
      expect(customers.has(invoice.customerId)).toBe(true);
      open.set(invoice.customerId, (open.get(invoice.customerId) ?? 0) + cents(invoice.balance));
    }
    for (const customer of customers.values()) {
      expect(cents(customer.balance), customer.id).toBe(open.get(customer.id) ?? 0);
    }
    const payments = all<AccountingPayment>('accounting.payment');
    expect(payments.length).toBeGreaterThan(invoices.size * 0.7);
    for (const payment of payments) {
      const invoice = invoices.get(payment.invoiceIds[0] ?? '');
      expect(payment.totalAmount).toBe(invoice?.totalAmount);
      expect(invoice?.balance).toBe('0.00');
    }
    const memos = all<AccountingCreditMemo>('accounting.credit-memo');
    for (const memo of memos) {
      const order = orders.get(memo.orderName ?? '');
      const refunded = order?.refunds.reduce((s, r) => s + cents(r.amount), 0) ?? 0;
      const credited = memos
        .filter((m) => m.orderName === memo.orderName)
        .reduce((s, m) => s + cents(m.totalAmount), 0);
      expect(credited).toBe(refunded);
    }
    const fees = new Map(
      all<AccountingJournalEntry>('accounting.journal-entry').map((j) => [j.orderName, j]),
    );
    const paidByCard = [...orders.values()].filter(
      (o) => o.financialStatus === 'paid' && o.transactions[0]?.gateway === 'shopify_payments',
    );
    const withFee = paidByCard.filter((o) =>
      fees
        .get(o.name)
        ?.lines.some((l) => l.postingType === 'Debit' && l.accountName === 'Shopify fees'),
    );
    expect(withFee.length).toBeGreaterThan(paidByCard.length * 0.9);
  });

  it('gives every record rising versions equal to its changed-at, with history and deletes', () => {
    const last = new Map<string, number>();
    let repeated = 0;
    for (const event of events) {
      const key = `${event.source}.${event.entity}:${event.sourceId}`;
      const previous = last.get(key);
      if (previous !== undefined) {
        expect(event.version, key).toBeGreaterThan(previous);
        repeated++;
      }
      last.set(key, event.version);
      expect(event.version).toBe(Date.parse(event.occurredAt));
      const payload = event.payload;
      if (payload) {
        expect(Date.parse(String(payload.updatedAt ?? payload.lastModifiedDateTime))).toBe(
          event.version,
        );
      }
    }
    expect(repeated).toBeGreaterThan(500);
    const deletes = events.filter((e) => e.op === 'delete');
    expect(deletes.map((e) => e.entity).sort()).toEqual([
      'customer',
      'customer',
      'customer',
      'product',
      'product',
    ]);
    const ordered = new Set(
      events.flatMap((e) => (e.entity === 'order' ? [e.payload?.customerId] : [])),
    );
    expect(deletes.every((e) => e.payload === null && !ordered.has(e.sourceId))).toBe(true);
  });
});

describe('generateDataset options', () => {
  it('gives the same events for the same seed, event ids included, and others for another', () => {
    const options = { seed: 9, customers: 30, orders: 80, products: 10 };
    expect(generateDataset(options)).toEqual(generateDataset(options));
    expect(generateDataset({ ...options, seed: 10 })).not.toEqual(generateDataset(options));
  });

  it('streams a large dataset lazily', () => {
    const started = performance.now();
    const first: ChangeEvent[] = [];
    for (const event of generateEvents({ customers: 20_000, orders: 100_000 })) {
      first.push(event);
      if (first.length === 100) break;
    }
    expect(first).toHaveLength(100);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('rejects impossible options', () => {
    expect(() => generateDataset({ locations: 9 })).toThrow(/locations/);
    expect(() => generateDataset({ customers: 0 })).toThrow(/customers/);
  });
});
