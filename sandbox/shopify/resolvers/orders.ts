import { firstOf, paginate, type PageArgs } from '../connection';
import { gid } from '../ids';
import {
  cents,
  money,
  type Customer,
  type Fulfillment,
  type LineItem,
  type Order,
  type Refund,
  type Transaction,
} from '../store';
import { legacy, moneyBag, r, type Resolver } from './context';

// Customers and orders with their lines, refunds, transactions and fulfilments.
export const orderResolvers: Record<string, Record<string, Resolver>> = {
  Customer: {
    id: r<Customer>((c) => gid('Customer', c.id)),
    legacyResourceId: legacy,
    displayName: r<Customer>(
      (c) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '',
    ),
    addresses: r<Customer, { first?: number | null }>((c, { first }) =>
      firstOf(c.addresses, first),
    ),
    defaultAddress: r<Customer>((c) => c.addresses[0] ?? null),
  },
  MailingAddress: {
    id: r<{ id: number }>((a) => gid('MailingAddress', a.id, { model_name: 'CustomerAddress' })),
  },

  Order: {
    id: r<Order>((o) => gid('Order', o.id)),
    legacyResourceId: legacy,
    customer: r<Order>((o, _, ctx) =>
      o.customerId === null ? null : (ctx.store.customers.get(o.customerId) ?? null),
    ),
    test: r<Order>(() => false),
    currencyCode: r<Order>((o) => o.currency),
    totalPriceSet: r<Order>((o) => moneyBag(o.total, o.currency)),
    subtotalPriceSet: r<Order>((o) => moneyBag(o.subtotal, o.currency)),
    totalTaxSet: r<Order>((o) => moneyBag(o.tax, o.currency)),
    totalRefundedSet: r<Order>((o) =>
      moneyBag(money(o.refunds.reduce((sum, x) => sum + cents(x.amount), 0)), o.currency),
    ),
    displayFinancialStatus: r<Order>((o) => o.financialStatus),
    displayFulfillmentStatus: r<Order>((o) => o.fulfillmentStatus),
    closed: r<Order>((o) => o.closedAt !== null),
    lineItems: r<Order, PageArgs>((o, args, ctx) =>
      paginate(o.lineItems, args, {
        id: (l) => l.id,
        sortValue: (l) => o.lineItems.indexOf(l),
        unbounded: ctx.unbounded,
      }),
    ),
    refunds: r<Order, { first?: number | null }>((o, { first }) => firstOf(o.refunds, first)),
    transactions: r<Order, { first?: number | null }>((o, { first }) =>
      firstOf(o.transactions, first),
    ),
    fulfillments: r<Order, { first?: number | null }>((o, { first }) =>
      firstOf(o.fulfillments, first),
    ),
  },
  LineItem: {
    id: r<LineItem>((l) => gid('LineItem', l.id)),
    name: r<LineItem>((l) =>
      l.variantTitle && l.variantTitle !== 'Default Title'
        ? `${l.title} - ${l.variantTitle}`
        : l.title,
    ),
    currentQuantity: r<LineItem>((l) => l.quantity),
    originalUnitPriceSet: r<LineItem>((l, _, ctx) => moneyBag(l.unitPrice, ctx.currency)),
    variant: r<LineItem>((l, _, ctx) =>
      l.variantId === null ? null : (ctx.store.variants.get(l.variantId) ?? null),
    ),
    product: r<LineItem>((l, _, ctx) =>
      l.productId === null ? null : (ctx.store.products.get(l.productId) ?? null),
    ),
  },
  Refund: {
    id: r<Refund>((x) => gid('Refund', x.id)),
    legacyResourceId: legacy,
    totalRefundedSet: r<Refund>((x, _, ctx) => moneyBag(x.amount, ctx.currency)),
    order: r<Refund>((x, _, ctx) => ctx.store.orders.get(x.orderId)),
  },
  OrderTransaction: {
    id: r<Transaction>((t) => gid('OrderTransaction', t.id)),
    amountSet: r<Transaction>((t, _, ctx) => moneyBag(t.amount, ctx.currency)),
    processedAt: r<Transaction>((t) => t.createdAt),
  },
  Fulfillment: {
    id: r<Fulfillment>((f) => gid('Fulfillment', f.id)),
    legacyResourceId: legacy,
    trackingInfo: r<Fulfillment, { first?: number | null }>((f, { first }) =>
      firstOf(
        f.trackingNumber
          ? [{ number: f.trackingNumber, company: f.trackingCompany, url: null }]
          : [],
        first,
      ),
    ),
  },
};
