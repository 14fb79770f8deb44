import { paginate, type PageArgs } from '../connection';
import { gid } from '../ids';
import { refundLinesOf, type RefundLine } from '../refund-lines';
import {
  cents,
  compareAtPrice,
  money,
  type Customer,
  type FulfillmentOrder,
  type Order,
  type Refund,
  type Variant,
} from '../store';
import { moneyBag, r, type Resolver } from './context';

// Fields the sandbox models that only Shopify's whole schema has (the subset leaves them out):
// bound only when the served schema has them. What is not here and not in the store is made up.
const refunded = (o: Order) => o.refunds.reduce((sum, x) => sum + cents(x.amount), 0);
const mailing = (o: Order, ctx: Parameters<Resolver>[2]) => {
  const customer = o.customerId === null ? undefined : ctx.store.customers.get(o.customerId);
  return customer?.addresses[0] ?? null;
};

export const wholeSchemaResolvers: Record<string, Record<string, Resolver>> = {
  Order: {
    shippingAddress: r<Order>((o, _, ctx) => mailing(o, ctx)),
    billingAddress: r<Order>((o, _, ctx) => mailing(o, ctx)),
    currentTotalPriceSet: r<Order>((o) =>
      moneyBag(money(cents(o.total) - refunded(o)), o.currency),
    ),
    currentSubtotalPriceSet: r<Order>((o) =>
      moneyBag(money(Math.max(0, cents(o.subtotal) - refunded(o))), o.currency),
    ),
    currentTotalTaxSet: r<Order>((o) => moneyBag(o.tax, o.currency)),
    totalDiscountsSet: r<Order>((o) => moneyBag('0.00', o.currency)),
  },
  FulfillmentOrder: {
    order: r<FulfillmentOrder>((f, _, ctx) => ctx.store.orders.get(f.orderId)),
  },
  Customer: {
    numberOfOrders: r<Customer>((c, _, ctx) => String(ordersOf(c, ctx).length)),
    amountSpent: r<Customer>((c, _, ctx) => ({
      amount: money(ordersOf(c, ctx).reduce((sum, o) => sum + cents(o.total) - refunded(o), 0)),
      currencyCode: ctx.currency,
    })),
  },
  ProductVariant: {
    compareAtPrice: r<Variant>(compareAtPrice),
  },
  Refund: {
    refundLineItems: r<Refund, PageArgs>((x, args, ctx) => {
      const order = ctx.store.orders.get(x.orderId);
      const lines = order ? refundLinesOf(order, x) : [];
      return paginate(lines, args, { id: (l) => l.id, unbounded: ctx.unbounded });
    }),
  },
  InventoryAdjustmentGroup: {
    changes: r<
      { changes?: { name: string; item?: { id: number }; location?: { id: number } }[] },
      {
        inventoryItemIds?: string[] | null;
        locationIds?: string[] | null;
        quantityNames?: string[] | null;
      }
    >((g, args) =>
      (g.changes ?? []).filter(
        (c) =>
          (!args.quantityNames || args.quantityNames.includes(c.name)) &&
          (!args.inventoryItemIds ||
            args.inventoryItemIds.includes(gid('InventoryItem', c.item?.id ?? 0))) &&
          (!args.locationIds || args.locationIds.includes(gid('Location', c.location?.id ?? 0))),
      ),
    ),
  },
  RefundLineItem: {
    id: r<RefundLine>((l) => gid('RefundLineItem', l.id)),
    subtotalSet: r<RefundLine>((l, _, ctx) => moneyBag(l.subtotal, ctx.currency)),
    totalTaxSet: r<RefundLine>((l, _, ctx) => moneyBag(l.totalTax, ctx.currency)),
    priceSet: r<RefundLine>((l, _, ctx) => moneyBag(l.lineItem.unitPrice, ctx.currency)),
    price: r<RefundLine>((l) => l.lineItem.unitPrice),
    location: r<RefundLine>(() => null),
  },
};

function ordersOf(c: Customer, ctx: Parameters<Resolver>[2]): Order[] {
  return [...ctx.store.orders.values()].filter((o) => o.customerId === c.id);
}
