/**
 * The store's aggregates: a parent entity and the child rows that live and die with it, declared
 * once. The projector's mappers write and delete an aggregate whole from this declaration, the
 * outbox rebuilds a canonical record from it, and the subgraphs' loaders list children in the order
 * it gives, so the three cannot drift apart.
 */
import type { EntitySchema } from '@mikro-orm/core';
import { Product } from './catalog/product.entity';
import { Variant } from './catalog/variant.entity';
import { SalesOrderLine } from './erp/sales-order-line.entity';
import { SalesOrder } from './erp/sales-order.entity';
import { OrderFulfillment } from './order/order-fulfillment.entity';
import { OrderLine } from './order/order-line.entity';
import { OrderRefund } from './order/order-refund.entity';
import { OrderTransaction } from './order/order-transaction.entity';
import { Order } from './order/order.entity';

export interface ChildRows<C> {
  schema: EntitySchema<C>;
  /** The child's property holding its parent's id. */
  parentProperty: keyof C & string;
  /**
   * The order the source lists children in: by position where the store keeps one, else by
   * creation, or by source id (Shopify's ids rise as variants are added). Ties go by id.
   */
  orderBy: keyof C & string;
}

/** A parent and its children, each child under the key its canonical record carries it by. */
export interface Aggregate<P, C extends Record<string, object>> {
  schema: EntitySchema<P>;
  children: { [K in keyof C]: ChildRows<C[K]> };
}

/** A child table by name, for code that handles every aggregate alike. */
export interface ChildTable {
  key: string;
  entity: string;
  parentProperty: string;
  orderBy: string;
}

function child<C>(
  schema: EntitySchema<C>,
  parentProperty: keyof C & string,
  orderBy: keyof C & string,
): ChildRows<C> {
  return { schema, parentProperty, orderBy };
}

function aggregate<P, C extends Record<string, object>>(
  schema: EntitySchema<P>,
  children: { [K in keyof C]: ChildRows<C[K]> },
): Aggregate<P, C> {
  return { schema, children };
}

export const orderAggregate = aggregate(Order, {
  lineItems: child(OrderLine, 'orderId', 'position'),
  refunds: child(OrderRefund, 'orderId', 'createdAt'),
  transactions: child(OrderTransaction, 'orderId', 'createdAt'),
  fulfillments: child(OrderFulfillment, 'orderId', 'createdAt'),
});

export const productAggregate = aggregate(Product, {
  variants: child(Variant, 'productId', 'sourceId'),
});

export const salesOrderAggregate = aggregate(SalesOrder, {
  lines: child(SalesOrderLine, 'salesOrderId', 'position'),
});

interface Named {
  schema: { meta: { className: string } };
}

/** Any aggregate, seen by name only. */
export type AnyAggregate = Named & {
  children: Record<string, Named & { parentProperty: string; orderBy: string }>;
};

/** An aggregate's child tables by name, in declaration order. */
export function childTables(of: AnyAggregate): ChildTable[] {
  return Object.entries(of.children).map(([key, c]) => ({
    key,
    entity: c.schema.meta.className,
    parentProperty: c.parentProperty,
    orderBy: c.orderBy,
  }));
}

/** Sorts rows into the order a child declaration gives, ties by id. */
export function sortChildren<R extends { id: string }>(rows: R[], orderBy: keyof R): R[] {
  return rows.sort((a, b) => compareValues(a[orderBy], b[orderBy]) || compareValues(a.id, b.id));
}

/** Numbers, dates and numeric ids by value, anything else as text. */
function compareValues(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  if (
    typeof x === 'string' &&
    typeof y === 'string' &&
    x.length !== y.length &&
    /^\d+$/.test(x + y)
  )
    return x.length - y.length;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  const [s, t] = [String(x), String(y)];
  return s < t ? -1 : s > t ? 1 : 0;
}
