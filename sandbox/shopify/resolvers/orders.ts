import { firstOf, paginate, type PageArgs } from '../connection';
import { fulfillmentOrdersOf } from '../fulfillment-orders';
import { gid } from '../ids';
import {
  cents,
  money,
  type Customer,
  type Fulfillment,
  type FulfillmentOrder,
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
    fulfillmentOrders: r<Order, PageArgs>((o, args, ctx) =>
      paginate(fulfillmentOrdersOf(ctx.store, o), args, {
        id: (f) => f.id,
        unbounded: ctx.unbounded,
      }),
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
          ? [{ number: f.trackingNumber, company: f.trackingCompany, url: f.trackingUrl ?? null }]
          : [],
        first,
      ),
    ),
    totalQuantity: r<Fulfillment>((f, _, ctx) =>
      fulfilledLines(f, ctx.store.orders.get(orderIdOf(f, ctx) ?? -1)).reduce(
        (sum, l) => sum + l.quantity,
        0,
      ),
    ),
    location: r<Fulfillment>((f, _, ctx) =>
      f.locationId == null ? null : (ctx.store.locations.get(f.locationId) ?? null),
    ),
    fulfillmentLineItems: r<Fulfillment, PageArgs>((f, args, ctx) =>
      paginate(fulfilledLines(f, ctx.store.orders.get(orderIdOf(f, ctx) ?? -1)), args, {
        id: (l) => l.id,
        unbounded: ctx.unbounded,
      }),
    ),
  },
  FulfillmentLineItem: {
    id: r<{ id: number }>((l) => gid('FulfillmentLineItem', l.id)),
  },
  FulfillmentOrder: {
    id: r<FulfillmentOrder>((f) => gid('FulfillmentOrder', f.id)),
    orderId: r<FulfillmentOrder>((f) => gid('Order', f.orderId)),
    orderName: r<FulfillmentOrder>((f, _, ctx) => ctx.store.orders.get(f.orderId)?.name ?? ''),
    assignedLocation: r<FulfillmentOrder>((f, _, ctx) => {
      const location = f.locationId === null ? undefined : ctx.store.locations.get(f.locationId);
      return { name: location?.name ?? '', location: location ?? null };
    }),
    supportedActions: r<FulfillmentOrder>((f) =>
      f.status === 'OPEN' || f.status === 'IN_PROGRESS'
        ? [{ action: 'CREATE_FULFILLMENT', externalUrl: null }]
        : [],
    ),
    lineItems: r<FulfillmentOrder, PageArgs>((f, args, ctx) =>
      paginate(f.lineItems, args, {
        id: (l) => l.id,
        sortValue: (l) => f.lineItems.indexOf(l),
        unbounded: ctx.unbounded,
      }),
    ),
  },
  FulfillmentOrderLineItem: {
    id: r<{ id: number }>((l) => gid('FulfillmentOrderLineItem', l.id)),
    lineItem: r<{ lineItemId: number }>((l, _, ctx) => lineItemById(ctx, l.lineItemId)),
    sku: r<{ lineItemId: number }>((l, _, ctx) => lineItemById(ctx, l.lineItemId)?.sku ?? null),
    inventoryItemId: r<{ lineItemId: number }>((l, _, ctx) => {
      const line = lineItemById(ctx, l.lineItemId);
      const variant = line?.variantId == null ? undefined : ctx.store.variants.get(line.variantId);
      return variant ? gid('InventoryItem', variant.inventoryItemId) : null;
    }),
  },
};

type Ctx = Parameters<Resolver>[2];

function lineItemById(ctx: Ctx, id: number): LineItem | undefined {
  for (const order of ctx.store.orders.values()) {
    const line = order.lineItems.find((l) => l.id === id);
    if (line) return line;
  }
  return undefined;
}

function orderIdOf(f: Fulfillment, ctx: Ctx): number | undefined {
  for (const order of ctx.store.orders.values()) {
    if (order.fulfillments.includes(f)) return order.id;
  }
  return undefined;
}

/** A fulfilment's lines; the seed's fulfilments shipped every line in full. */
function fulfilledLines(f: Fulfillment, order: Order | undefined) {
  if (!order) return [];
  const lines = f.lines ?? order.lineItems.map((l) => ({ lineItemId: l.id, quantity: l.quantity }));
  return lines.flatMap(({ lineItemId, quantity }) => {
    const lineItem = order.lineItems.find((l) => l.id === lineItemId);
    // Ids of their own, derived from the fulfilment's and the line's: stable across reads.
    return lineItem
      ? [{ id: f.id * 1000 + order.lineItems.indexOf(lineItem), quantity, lineItem }]
      : [];
  });
}
