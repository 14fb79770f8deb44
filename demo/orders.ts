import type { ChangeEvent, ErpSalesOrder, ShopifyOrder } from '../schema/events';
import { creditMemoFor, openInvoice } from './books';
import { after, toSecond } from './events';
import { CARRIERS, CITIES } from './names';
import { fromMinorUnits, percentOfMinor, toMinorUnits } from '../lib/money';
import { dateAt, epochOf, isoAt } from './random';
import {
  nextSequence,
  numericId,
  shopifyId,
  type DemoContext,
  type DemoOrder,
  type DemoPerson,
} from './state';

/**
 * An order's life in Shopify and what it causes elsewhere: a sales order in the ERP and an invoice
 * in the books when it is placed, a shipment when it is fulfilled, a credit memo when it is
 * refunded. Totals are computed in integer cents: total = sum(lines) + tax.
 */

export type Gateway = 'shopify_payments' | 'paypal' | 'manual';

export interface PlaceOptions {
  gateway: Gateway;
  /** The fraud check stops it before the ERP and the books ever hear of it. */
  willCancel?: boolean;
}

// Most orders have one or two lines and one unit of each.
const LINE_COUNTS = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4];
const QUANTITIES = [1, 1, 1, 1, 1, 2, 2, 3];

export function placeOrder(
  ctx: DemoContext,
  person: DemoPerson | undefined,
  at: number,
  options: PlaceOptions,
): { record: DemoOrder; events: ChangeEvent[] } {
  const { state, random } = ctx;
  const placed = isoAt(toSecond(at));
  const lineItems = random.sample(state.variants, random.pick(LINE_COUNTS)).map((variant) => ({
    id: shopifyId(state, 'lineItem'),
    sku: variant.sku,
    title: variant.title,
    quantity: random.pick(QUANTITIES),
    unitPrice: fromMinorUnits(variant.priceCents),
    variantId: variant.variantId,
  }));
  const subtotal = lineItems.reduce((sum, l) => sum + l.quantity * toMinorUnits(l.unitPrice), 0);
  const taxBp = person?.taxBp ?? random.pick(CITIES).taxBp;
  const tax = percentOfMinor(subtotal, taxBp);
  const total = fromMinorUnits(subtotal + tax);
  const number = 1000 + nextSequence(state, 'shopify.orderNumber');
  const [kind, status, financialStatus] = options.willCancel
    ? (['authorization', 'success', 'authorized'] as const)
    : options.gateway === 'manual'
      ? (['sale', 'pending', 'pending'] as const)
      : (['sale', 'success', 'paid'] as const);
  const order: ShopifyOrder = {
    id: shopifyId(state, 'order'),
    name: `#${number}`,
    email: person ? person.shopify.email : `guest.${number}@guest.example`,
    customerId: person?.shopify.id ?? null,
    currency: state.currency,
    totalPrice: total,
    subtotalPrice: fromMinorUnits(subtotal),
    totalTax: fromMinorUnits(tax),
    financialStatus,
    fulfillmentStatus: null,
    createdAt: placed,
    updatedAt: placed,
    cancelledAt: null,
    lineItems,
    refunds: [],
    transactions: [
      {
        id: shopifyId(state, 'transaction'),
        kind,
        status,
        amount: total,
        gateway: options.gateway,
        createdAt: placed,
      },
    ],
    fulfillments: [],
  };
  const record: DemoOrder = {
    person,
    taxBp,
    location: random.pick(state.locations),
    order,
    creditMemos: [],
  };
  if (person) {
    person.orderCount += 1;
    person.lastOrderAt = Math.max(person.lastOrderAt, at);
  }
  const events = [ctx.events.upsert('shopify', 'order', order)];
  if (options.willCancel || !person) return { record, events };
  if (person.erp) {
    record.salesOrder = newSalesOrder(ctx, record, person.erp.number, at + ctx.lag(3, 20));
    events.push(ctx.events.upsert('erp', 'sales-order', record.salesOrder));
  }
  if (person.accounting) events.push(openInvoice(ctx, record, at + ctx.lag(10, 45)));
  return { record, events };
}

function newSalesOrder(
  ctx: DemoContext,
  record: DemoOrder,
  customerNumber: string,
  at: number,
): ErpSalesOrder {
  const { order } = record;
  return {
    id: ctx.random.uuid(),
    number: `SO-${100_000 + nextSequence(ctx.state, 'erp.salesOrder')}`,
    externalDocumentNumber: order.name,
    customerNumber,
    orderDate: dateAt(epochOf(order.createdAt)),
    status: 'Open',
    currencyCode: order.currency,
    totalAmountIncludingTax: order.totalPrice,
    lines: order.lineItems.map((line) => ({
      sku: line.sku ?? '',
      quantity: line.quantity,
      shippedQuantity: 0,
      unitPrice: line.unitPrice,
      locationCode: record.location.erp.code,
    })),
    lastModifiedDateTime: isoAt(toSecond(at)),
  };
}

/** A manual (bank transfer) payment arrives. */
export function markPaid(ctx: DemoContext, record: DemoOrder, at: number): ChangeEvent[] {
  const { order } = record;
  const when = isoAt(after(order, at));
  record.order = {
    ...order,
    financialStatus: 'paid',
    transactions: [
      ...order.transactions,
      {
        id: shopifyId(ctx.state, 'transaction'),
        kind: 'capture',
        status: 'success',
        amount: order.totalPrice,
        gateway: 'manual',
        createdAt: when,
      },
    ],
    updatedAt: when,
  };
  return [ctx.events.upsert('shopify', 'order', record.order)];
}

/** Shipped in one parcel; the ERP posts the shipment of its sales order shortly after. */
export function fulfilOrder(ctx: DemoContext, record: DemoOrder, at: number): ChangeEvent[] {
  const { state, random, events } = ctx;
  const when = after(record.order, at);
  const carrier = random.pick(CARRIERS);
  record.order = {
    ...record.order,
    fulfillmentStatus: 'fulfilled',
    fulfillments: [
      {
        id: shopifyId(state, 'fulfillment'),
        status: 'success',
        trackingNumber: trackingNumber(ctx, carrier),
        trackingCompany: carrier,
        createdAt: isoAt(when),
      },
    ],
    updatedAt: isoAt(when),
  };
  const changes = [events.upsert('shopify', 'order', record.order)];
  const salesOrder = record.salesOrder;
  if (salesOrder) {
    const posted = after(salesOrder, when + ctx.lag(1, 15));
    record.salesOrder = {
      ...salesOrder,
      status: 'Released',
      lines: salesOrder.lines.map((line) => ({ ...line, shippedQuantity: line.quantity })),
      lastModifiedDateTime: isoAt(posted),
    };
    record.shipment = {
      id: random.uuid(),
      number: `SSH-${102_000 + nextSequence(state, 'erp.shipment')}`,
      orderNumber: salesOrder.number,
      postingDate: dateAt(posted),
      lastModifiedDateTime: isoAt(posted),
    };
    changes.push(events.upsert('erp', 'sales-order', record.salesOrder));
    changes.push(events.upsert('erp', 'shipment', record.shipment));
  }
  return changes;
}

/** Cancelled before anything shipped: the authorization is voided. */
export function cancelOrder(ctx: DemoContext, record: DemoOrder, at: number): ChangeEvent[] {
  const { order } = record;
  const when = isoAt(after(order, at));
  record.order = {
    ...order,
    financialStatus: 'voided',
    cancelledAt: when,
    transactions: [
      ...order.transactions,
      {
        id: shopifyId(ctx.state, 'transaction'),
        kind: 'void',
        status: 'success',
        amount: order.totalPrice,
        gateway: order.transactions[0]?.gateway ?? 'manual',
        createdAt: when,
      },
    ],
    updatedAt: when,
  };
  return [ctx.events.upsert('shopify', 'order', record.order)];
}

/** What is left to refund, in cents. */
export function refundableCents(order: ShopifyOrder): number {
  const refunded = order.refunds.reduce((sum, r) => sum + toMinorUnits(r.amount), 0);
  return toMinorUnits(order.totalPrice) - refunded;
}

/** One line back, tax included (or everything, when `full`), as a refund and a credit memo. */
export function refundOrder(
  ctx: DemoContext,
  record: DemoOrder,
  at: number,
  full: boolean,
): ChangeEvent[] {
  const { order } = record;
  const left = refundableCents(order);
  const line = ctx.random.pick(order.lineItems);
  const lineCents = line.quantity * toMinorUnits(line.unitPrice);
  const amount = full ? left : Math.min(left, lineCents + percentOfMinor(lineCents, record.taxBp));
  if (amount <= 0) return [];
  const when = isoAt(after(order, at));
  const gateway = order.transactions[0]?.gateway ?? 'manual';
  record.order = {
    ...order,
    financialStatus: amount === left ? 'refunded' : 'partially_refunded',
    refunds: [
      ...order.refunds,
      {
        id: shopifyId(ctx.state, 'refund'),
        createdAt: when,
        amount: fromMinorUnits(amount),
        note: full ? 'Returned' : ctx.random.pick(['Damaged in transit', 'Wrong size', null]),
      },
    ],
    transactions: [
      ...order.transactions,
      {
        id: shopifyId(ctx.state, 'transaction'),
        kind: 'refund',
        status: 'success',
        amount: fromMinorUnits(amount),
        gateway,
        createdAt: when,
      },
    ],
    updatedAt: when,
  };
  const changes = [ctx.events.upsert('shopify', 'order', record.order)];
  const memo = creditMemoFor(ctx, record, epochOf(when) + ctx.lag(5, 120), amount);
  if (memo) changes.push(memo);
  return changes;
}

function trackingNumber(ctx: DemoContext, carrier: string): string {
  // Ten random digits at a time: "1" + nine digits, minus the leading "1".
  const tenDigits = (): string => String(ctx.random.int(10_000_000_000, 19_999_999_999)).slice(1);
  const serial = numericId(ctx.state, 'tracking', 100_000);
  if (carrier === 'UPS') return `1Z${serial}${tenDigits()}`;
  return carrier === 'USPS'
    ? `9400${serial}${tenDigits()}00`
    : `${serial.slice(0, 2)}${tenDigits()}`;
}
