import type { EntityManager } from '@mikro-orm/knex';
import { CustomerIdentity } from '../../store/customer/customer-identity.entity';
import { OrderLine } from '../../store/order/order-line.entity';
import { OrderRefund } from '../../store/order/order-refund.entity';
import { Order } from '../../store/order/order.entity';
import type { OrderFacts, RefundFacts } from './decide';

/**
 * What the flow reads from the store: an order with its lines and refunds, and who bought it, as
 * identity resolution sees them (the accounting identity of the same canonical customer).
 */

export interface StoredOrder extends OrderFacts {
  id: string;
  customerSourceId: string | null;
  email: string | null;
  refunds: (RefundFacts & { id: string })[];
}

export async function readOrder(em: EntityManager, id: string): Promise<StoredOrder | undefined> {
  const order = await em.findOne(Order, { id });
  if (!order) return undefined;
  const lines = await em.find(OrderLine, { orderId: id }, { orderBy: { position: 'asc' } });
  const refunds = await em.find(
    OrderRefund,
    { orderId: id },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return {
    id: order.id,
    name: order.name,
    email: order.email,
    customerSourceId: order.customerSourceId,
    currency: order.currency,
    createdAt: order.createdAt,
    financialStatus: order.financialStatus,
    subtotalPrice: order.subtotalPrice,
    totalTax: order.totalTax,
    totalPrice: order.totalPrice,
    lines: lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
    })),
    refunds: refunds.map((r, i) => ({
      id: r.id,
      amount: r.amount,
      createdAt: r.createdAt,
      note: r.note,
      position: i + 1,
    })),
  };
}

/** The order a refund belongs to. */
export async function orderIdOfRefund(em: EntityManager, refundId: string) {
  return (await em.findOne(OrderRefund, { id: refundId }))?.orderId;
}

export interface Buyer {
  /** The QuickBooks customer id of the same person, when the books know them. */
  accountingId: string | undefined;
  shopifyId: string;
  name: string;
  email: string | null;
}

/** The buyer of an order and their QuickBooks customer, through identity resolution. */
export async function readBuyer(
  em: EntityManager,
  order: Pick<StoredOrder, 'customerSourceId' | 'email'>,
): Promise<Buyer | undefined> {
  if (!order.customerSourceId) return undefined;
  const shopper = await em.findOne(CustomerIdentity, {
    source: 'shopify',
    entity: 'customer',
    sourceId: order.customerSourceId,
  });
  if (!shopper) return undefined;
  const books = await em.find(
    CustomerIdentity,
    { customerId: shopper.customerId, source: 'accounting' },
    { orderBy: { sourceId: 'asc' }, limit: 1 },
  );
  const name = [shopper.firstName, shopper.lastName].filter(Boolean).join(' ');
  return {
    accountingId: books[0]?.sourceId,
    shopifyId: order.customerSourceId,
    name: name || shopper.email || order.email || `Customer ${order.customerSourceId}`,
    email: shopper.email ?? order.email,
  };
}
