// The events of one customer-360 world, as the four sources would publish them: Grace Hopper is a
// Shopify customer, a CRM contact, an ERP customer and a customer in the books, under emails that
// differ in case and whitespace; she buys mugs and tees in `orders` Shopify orders, which the ERP
// ships and accounting invoices. Shared by the embedded (graph-events) and distributed scenarios;
// expected.ts reads the answer the graph owes back off these same events.
import type { ChangeEvent, Source, SourceEntity, SourcePayloads } from '../../../schema/events';
import { changedAt } from '../../../demo/events';
import { multiplyMoney, sumMoney } from '../../../lib/money';
import { createEvent } from '../../../streams/codec';

/** Every amount is in the shop's currency, which is also the subgraphs' default `shopCurrency`. */
export const SHOP_CURRENCY = 'USD';

export const refs = {
  shopifyCustomer: 'gid-cust-4242',
  crmContact: 'hs-701',
  erpCustomer: 'bc-cust-9',
  accountingCustomer: 'qb-314',
  crmCompany: 'hs-co-5',
  shopifyLocation: 'gid-loc-1',
} as const;

const SKU = { mug: 'GH-MUG', tee: 'GH-TEE-M', teeLarge: 'GH-TEE-L' } as const;
const PRICE = { [SKU.mug]: '18.00', [SKU.tee]: '25.50', [SKU.teeLarge]: '25.50' } as const;

const DAY = 86_400_000;
const BASE = Date.parse('2024-04-01T10:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => at(ms).slice(0, 10);

/** An upsert whose version is the payload's change time in epoch milliseconds (the contract). */
export function upsert<S extends Source, E extends SourceEntity<S>>(
  source: S,
  entity: E,
  payload: SourcePayloads[S][E] & { id: string },
): ChangeEvent {
  const occurredAt = changedAt(payload);
  return createEvent({
    source,
    entity,
    op: 'upsert',
    sourceId: payload.id,
    version: Date.parse(occurredAt),
    occurredAt,
    payload: payload as Record<string, unknown>,
  });
}

/** Order i is placed i days after the first, so newest first is descending i. */
export const orderName = (i: number) => `#${2001 + i}`;

function orderEvents(i: number): ChangeEvent[] {
  const placed = BASE + i * DAY;
  const name = orderName(i);
  const lines = [
    { sku: SKU.mug, quantity: 1 + (i % 3), title: 'Compiler Mug' },
    { sku: SKU.tee, quantity: 1, title: 'COBOL Tee - M' },
  ].map((line, n) => ({
    id: `li-${i}-${n}`,
    sku: line.sku,
    title: line.title,
    quantity: line.quantity,
    unitPrice: PRICE[line.sku],
    variantId: `gid-var-${line.sku}`,
  }));
  const total = sumMoney(lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)));
  const refunded = i === 0 ? PRICE[SKU.mug] : undefined;
  const salesOrder = `SO-${2001 + i}`;
  const events = [
    upsert('shopify', 'order', {
      id: `gid-ord-${i}`,
      name,
      email: 'grace.hopper@example.com',
      customerId: refs.shopifyCustomer,
      currency: SHOP_CURRENCY,
      totalPrice: total,
      subtotalPrice: total,
      totalTax: '0.00',
      financialStatus: refunded ? 'partially_refunded' : 'paid',
      fulfillmentStatus: i % 2 === 0 ? 'fulfilled' : null,
      createdAt: at(placed),
      updatedAt: at(placed + 30 * 60_000),
      cancelledAt: null,
      lineItems: lines,
      refunds: refunded
        ? [{ id: `rf-${i}`, createdAt: at(placed + 3 * DAY), amount: refunded, note: 'Chipped' }]
        : [],
      transactions: [
        {
          id: `tx-${i}`,
          kind: 'sale',
          status: 'success',
          amount: total,
          gateway: 'shopify_payments',
          createdAt: at(placed),
        },
      ],
      fulfillments: [],
    }),
    upsert('erp', 'sales-order', {
      id: `bc-so-${i}`,
      number: salesOrder,
      externalDocumentNumber: name,
      customerNumber: 'C20001',
      orderDate: day(placed),
      status: i === 0 ? 'Released' : 'Open',
      currencyCode: SHOP_CURRENCY,
      totalAmountIncludingTax: total,
      lines: lines.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        shippedQuantity: i % 2 === 0 ? line.quantity : 0,
        unitPrice: line.unitPrice,
        locationCode: 'MAIN',
      })),
      lastModifiedDateTime: at(placed + 60 * 60_000),
    }),
    upsert('accounting', 'invoice', {
      id: `qb-inv-${i}`,
      docNumber: `INV-${2001 + i}`,
      txnDate: day(placed),
      customerId: refs.accountingCustomer,
      orderName: name,
      currency: SHOP_CURRENCY,
      totalAmount: total,
      balance: i === 0 ? '0.00' : total,
      lines: lines.map((line) => ({
        description: line.title,
        sku: line.sku,
        quantity: line.quantity,
        amount: multiplyMoney(line.unitPrice, line.quantity),
      })),
      updatedAt: at(placed + 2 * 60 * 60_000),
    }),
  ];
  if (i % 2 === 0) {
    events.push(
      upsert('erp', 'shipment', {
        id: `bc-sh-${i}`,
        number: `SH-${2001 + i}`,
        orderNumber: salesOrder,
        postingDate: day(placed + DAY),
        lastModifiedDateTime: at(placed + DAY),
      }),
    );
  }
  if (refunded) {
    events.push(
      upsert('accounting', 'credit-memo', {
        id: `qb-cm-${i}`,
        docNumber: `CM-${2001 + i}`,
        customerId: refs.accountingCustomer,
        txnDate: day(placed + 3 * DAY),
        orderName: name,
        totalAmount: refunded,
        currency: SHOP_CURRENCY,
        updatedAt: at(placed + 3 * DAY),
      }),
      upsert('accounting', 'payment', {
        id: `qb-pay-${i}`,
        customerId: refs.accountingCustomer,
        txnDate: day(placed),
        totalAmount: total,
        currency: SHOP_CURRENCY,
        invoiceIds: [`qb-inv-${i}`],
        updatedAt: at(placed + 2 * 60 * 60_000),
      }),
      upsert('accounting', 'journal-entry', {
        id: `qb-je-${i}`,
        docNumber: `JE-${2001 + i}`,
        txnDate: day(placed),
        orderName: name,
        currency: SHOP_CURRENCY,
        lines: [
          { postingType: 'Debit', accountName: 'Shopify Payments Fees', amount: '0.82' },
          { postingType: 'Debit', accountName: 'Card Fee Adjustments', amount: '0.05' },
          { postingType: 'Debit', accountName: 'Shipping Expense', amount: '4.00' },
          { postingType: 'Credit', accountName: 'Shopify Payments Clearing', amount: '4.87' },
        ],
        updatedAt: at(placed + 2 * 60 * 60_000),
      }),
    );
  }
  return events;
}

/** The people, the catalogue and the stock: what does not grow with the number of orders. */
function worldEvents(): ChangeEvent[] {
  const changed = at(BASE - 10 * DAY);
  const level = (sku: string, code: string, onHand: number, committed: number, incoming = 0) =>
    upsert('erp', 'inventory-level', {
      id: `${sku}:${code}`,
      itemNumber: sku,
      locationCode: code,
      onHand,
      available: onHand - committed,
      committed,
      incoming,
      lastModifiedDateTime: changed,
    });
  return [
    upsert('shopify', 'customer', {
      id: refs.shopifyCustomer,
      email: '  Grace.Hopper@Example.COM ',
      firstName: 'Grace',
      lastName: 'Hopper',
      phone: null,
      addresses: [{ city: 'Arlington', country: 'United States' }],
      createdAt: at(BASE - 30 * DAY),
      updatedAt: at(BASE - 20 * DAY),
    }),
    upsert('crm', 'contact', {
      id: refs.crmContact,
      email: 'grace.hopper@example.com',
      firstName: 'Amazing',
      lastName: 'Grace',
      phone: null,
      lifecycleStage: 'opportunity',
      leadStatus: 'IN_PROGRESS',
      ownerEmail: 'owner@shop.example',
      companyId: refs.crmCompany,
      marketingConsent: true,
      lastActivityAt: at(BASE - 2 * DAY + 3_600_000),
      updatedAt: at(BASE - 2 * DAY),
    }),
    upsert('crm', 'company', {
      id: refs.crmCompany,
      name: 'Naval Computing Lab',
      domain: 'navy-computing.example',
      updatedAt: changed,
    }),
    upsert('crm', 'deal', {
      id: 'hs-deal-1',
      name: 'Lab mugs, first batch',
      amount: '540.00',
      currency: SHOP_CURRENCY,
      stage: 'closedwon',
      pipeline: 'default',
      closeDate: day(BASE - 15 * DAY),
      contactIds: [refs.crmContact],
      updatedAt: at(BASE - 15 * DAY),
    }),
    upsert('crm', 'deal', {
      id: 'hs-deal-2',
      name: 'Lab tees',
      amount: '1275.50',
      currency: SHOP_CURRENCY,
      stage: 'contractsent',
      pipeline: null,
      closeDate: null,
      contactIds: ['hs-999', refs.crmContact],
      updatedAt: at(BASE - 5 * DAY),
    }),
    upsert('crm', 'deal', {
      id: 'hs-deal-3',
      name: 'Somebody else entirely',
      amount: '99.00',
      currency: SHOP_CURRENCY,
      stage: 'appointmentscheduled',
      contactIds: ['hs-999'],
      updatedAt: at(BASE - 4 * DAY),
    }),
    upsert('erp', 'customer', {
      id: refs.erpCustomer,
      number: 'C20001',
      displayName: 'Grace Hopper',
      email: 'GRACE.HOPPER@EXAMPLE.COM',
      phoneNumber: null,
      balanceDue: '310.25',
      currencyCode: SHOP_CURRENCY,
      lastModifiedDateTime: at(BASE - 3 * DAY),
    }),
    upsert('accounting', 'customer', {
      id: refs.accountingCustomer,
      displayName: 'Grace B. Hopper',
      email: ' grace.hopper@example.com',
      phone: null,
      balance: '88.40',
      currency: SHOP_CURRENCY,
      updatedAt: at(BASE - DAY),
    }),
    upsert('shopify', 'product', {
      id: 'gid-prod-mug',
      title: 'Compiler Mug',
      handle: 'compiler-mug',
      status: 'ACTIVE',
      vendor: 'Plexus Goods',
      productType: 'Mug',
      createdAt: at(BASE - 60 * DAY),
      updatedAt: changed,
      variants: [
        {
          id: `gid-var-${SKU.mug}`,
          sku: SKU.mug,
          title: 'Black',
          price: PRICE[SKU.mug],
          inventoryItemId: 'gid-inv-mug',
        },
      ],
    }),
    upsert('shopify', 'product', {
      id: 'gid-prod-tee',
      title: 'COBOL Tee',
      handle: 'cobol-tee',
      status: 'ACTIVE',
      vendor: 'Plexus Goods',
      productType: 'Tee',
      createdAt: at(BASE - 60 * DAY),
      updatedAt: changed,
      variants: [SKU.tee, SKU.teeLarge].map((sku) => ({
        id: `gid-var-${sku}`,
        sku,
        title: sku.slice(-1),
        price: PRICE[sku],
        inventoryItemId: `gid-inv-${sku}`,
      })),
    }),
    upsert('erp', 'item', {
      id: 'bc-item-mug',
      number: SKU.mug,
      displayName: 'Compiler Mug, black',
      unitPrice: PRICE[SKU.mug],
      unitCost: '6.40',
      inventory: 46,
      lastModifiedDateTime: changed,
    }),
    upsert('erp', 'item', {
      id: 'bc-item-tee',
      number: SKU.tee,
      displayName: 'COBOL Tee, M',
      unitPrice: PRICE[SKU.tee],
      unitCost: '9.15',
      inventory: 12,
      lastModifiedDateTime: changed,
    }),
    // The ERP spells the main warehouse differently from Shopify: one canonical location.
    upsert('shopify', 'location', {
      id: refs.shopifyLocation,
      name: 'Main Warehouse',
      isActive: true,
      updatedAt: changed,
    }),
    upsert('erp', 'location', {
      id: 'MAIN',
      code: 'MAIN',
      displayName: ' main  warehouse',
      lastModifiedDateTime: changed,
    }),
    upsert('erp', 'location', {
      id: 'EAST',
      code: 'EAST',
      displayName: 'East Depot',
      lastModifiedDateTime: changed,
    }),
    level(SKU.mug, 'EAST', 6, 0),
    level(SKU.mug, 'MAIN', 40, 3, 24),
    level(SKU.tee, 'MAIN', 12, 1),
    // Shopify's own count is not the ERP's stock: the graph must not show it.
    upsert('shopify', 'inventory-level', {
      id: `gid-inv-mug:${refs.shopifyLocation}`,
      inventoryItemId: 'gid-inv-mug',
      locationId: refs.shopifyLocation,
      sku: SKU.mug,
      quantities: { available: 99, onHand: 99, committed: 0, incoming: 0 },
      updatedAt: changed,
    }),
  ];
}

/** Everything the sources publish for the world with `orders` orders. */
export function customer360Events({ orders }: { orders: number }): ChangeEvent[] {
  return [...worldEvents(), ...Array.from({ length: orders }, (_, i) => orderEvents(i)).flat()];
}

/** A later (or, with a negative step, an earlier) version of a record, with changes. */
export function revise(
  event: ChangeEvent,
  patch: Record<string, unknown>,
  stepMs = 60_000,
): ChangeEvent {
  const version = event.version + stepMs;
  const occurredAt = at(version);
  const stamp =
    event.payload && 'lastModifiedDateTime' in event.payload ? 'lastModifiedDateTime' : 'updatedAt';
  return createEvent({
    source: event.source,
    entity: event.entity,
    op: 'upsert',
    sourceId: event.sourceId,
    version,
    occurredAt,
    payload: { ...event.payload, ...patch, [stamp]: occurredAt },
  });
}

const find = (events: readonly ChangeEvent[], source: string, entity: string, sourceId: string) => {
  const found = events.find(
    (e) => e.source === source && e.entity === entity && e.sourceId === sourceId,
  );
  if (!found) throw new Error(`scenario has no ${source}.${entity} ${sourceId}`);
  return found;
};

/**
 * Newer versions of some records (a CRM stage change, a stock movement, an invoice paid), each
 * followed by a stale version that the store must ignore.
 */
export function laterChanges(events: readonly ChangeEvent[]): ChangeEvent[] {
  const contact = find(events, 'crm', 'contact', refs.crmContact);
  const stock = find(events, 'erp', 'inventory-level', `${SKU.mug}:MAIN`);
  const invoice = find(events, 'accounting', 'invoice', 'qb-inv-1');
  return [
    revise(contact, { lifecycleStage: 'customer', leadStatus: 'CONNECTED' }, 3_600_000),
    revise(contact, { lifecycleStage: 'lead' }, -60_000),
    revise(stock, { onHand: 31, available: 27, committed: 4, incoming: 0 }),
    revise(stock, { onHand: 1, available: 1, committed: 0 }, -1),
    revise(invoice, { balance: '0.00' }),
  ];
}
