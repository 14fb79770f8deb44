import type { SqlEntityManager } from '@mikro-orm/knex';
import {
  Customer,
  CustomerIdentity,
  CustomerProfile,
  Location,
  Order,
  OrderLine,
  OrderRefund,
  Product,
  Variant,
} from '../../store/entities';
import {
  orderAggregate,
  productAggregate,
  sortChildren,
  type ChildRows,
} from '../../store/aggregates';
import { argsLoader, groupLoader, rowLoader } from '../common/loaders';
import { countLoader, pagesPerParent, type Ownership } from '../common/connections';
import { emptyConnection, type Page } from '../common/pagination';
import { preferred } from '../common/sources';
import { orderSyncLoader } from './order-sync';
import type { Sort } from '../common/sql';

const { children: order } = orderAggregate;
const { children: product } = productAggregate;

/** Children in the order their aggregate declares, the order their canonical records carry. */
async function inDeclaredOrder<C extends { id: string }>(
  rows: Promise<C[]>,
  declared: ChildRows<C>,
): Promise<C[]> {
  return sortChildren(await rows, declared.orderBy);
}

/** Orders newest first; the id breaks ties so the order is total, as keyset paging needs. */
export const orderSort: Sort<Order> = [
  { prop: 'createdAt', dir: 'desc', instant: true },
  { prop: 'id', dir: 'desc' },
];

export interface LocationView {
  id: string;
  name: string;
}

export function createShopifyLoaders(em: SqlEntityManager) {
  const byId = <T extends { id: string }>(fetch: (ids: string[]) => Promise<T[]>) =>
    rowLoader(
      (ids: readonly string[]) => fetch([...ids]),
      (row: T) => row.id,
    );

  const identities = groupLoader(
    (ids: readonly string[]) =>
      em.find(
        CustomerIdentity,
        { customerId: { $in: [...ids] } },
        { orderBy: { source: 'asc', sourceId: 'asc' } },
      ),
    (identity) => identity.customerId,
  );
  // A canonical customer owns the orders placed under each of its Shopify identities.
  const customerOrders: Ownership<Order> = {
    entity: Order,
    column: 'customerSourceId',
    sort: orderSort,
    async sourceIdsOf(customerIds) {
      const found = await identities.loadMany(customerIds);
      return new Map(
        customerIds.map((id, i) => {
          const rows = found[i];
          if (rows instanceof Error) throw rows;
          const shopify = (rows ?? []).filter((identity) => identity.source === 'shopify');
          return [id, shopify.map((identity) => identity.sourceId)];
        }),
      );
    },
  };
  const orderCount = countLoader(em, customerOrders);

  return {
    customer: byId((ids) => em.find(Customer, { id: { $in: ids } })),
    order: byId((ids) => em.find(Order, { id: { $in: ids } })),
    product: byId((ids) => em.find(Product, { id: { $in: ids } })),
    variant: byId((ids) => em.find(Variant, { id: { $in: ids } })),
    identities,
    orderSync: orderSyncLoader(em),
    profile: byId((ids) => em.find(CustomerProfile, { id: { $in: ids } })),
    /** The Shopify identity of an order's customer_source_id, which names the canonical customer. */
    shopifyIdentity: rowLoader(
      (sourceIds: readonly string[]) =>
        em.find(CustomerIdentity, { source: 'shopify', sourceId: { $in: [...sourceIds] } }),
      (identity) => identity.sourceId,
    ),
    lines: groupLoader(
      (ids: readonly string[]) =>
        inDeclaredOrder(em.find(OrderLine, { orderId: { $in: [...ids] } }), order.lineItems),
      (line) => line.orderId,
    ),
    refunds: groupLoader(
      (ids: readonly string[]) =>
        inDeclaredOrder(em.find(OrderRefund, { orderId: { $in: [...ids] } }), order.refunds),
      (refund) => refund.orderId,
    ),
    variants: groupLoader(
      (ids: readonly string[]) =>
        inDeclaredOrder(em.find(Variant, { productId: { $in: [...ids] } }), product.variants),
      (variant) => variant.productId,
    ),
    location: rowLoader(
      async (ids: readonly string[]) => {
        const rows = await em.find(Location, { locationId: { $in: [...ids] } });
        return locationViews(rows);
      },
      (view: LocationView) => view.id,
    ),
    ordersOfCustomer: argsLoader(
      (page: Page) => `${page.first}:${page.after?.join(',') ?? ''}`,
      (customerIds, page) =>
        pagesPerParent(em, customerOrders, customerIds, page, (id) => orderCount.load(id)),
      emptyConnection<Order>(),
    ),
  };
}

export type ShopifyLoaders = ReturnType<typeof createShopifyLoaders>;

/** One view per canonical location; its name comes from the most trusted source that has it. */
export function locationViews(rows: readonly Location[]): LocationView[] {
  const byId = new Map<string, Location[]>();
  for (const row of rows) byId.set(row.locationId, [...(byId.get(row.locationId) ?? []), row]);
  return [...byId.entries()].map(([id, candidates]) => ({
    id,
    name: preferred(candidates)?.name ?? '',
  }));
}
