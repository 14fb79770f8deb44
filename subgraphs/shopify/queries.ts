import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { normaliseEmail, variantId } from '../../store/ids';
import {
  Customer,
  CustomerIdentity,
  Location,
  Order,
  Product,
  Variant,
} from '../../store/entities';
import { readPage, toConnection, type PageArgs } from '../common/pagination';
import { afterKey, orderByOf, sortKeyOf, type Sort } from '../common/sql';
import type {
  QueryCustomersArgs,
  QueryOrdersArgs,
  QueryProductsArgs,
} from './generated/resolvers-types';
import { locationViews, orderSort } from './loaders';

const byId = <T extends { id: string }>(): Sort<T> => [{ prop: 'id', dir: 'asc' }];

/** One page of a top-level list: first + 1 rows by keyset, and a lazily counted total. */
async function pageOf<T extends object>(
  em: SqlEntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  sort: Sort<T>,
  args: PageArgs,
) {
  const page = readPage(args, sort.length);
  const filter = page.after
    ? ({ $and: [where, afterKey(sort, page.after)] } as FilterQuery<T>)
    : where;
  const rows: T[] = await em.find(entity, filter, {
    orderBy: orderByOf(sort),
    limit: page.first + 1,
  });
  return toConnection(
    rows,
    page,
    (row) => sortKeyOf(sort, row),
    () => em.count(entity, where),
  );
}

export async function listCustomers(em: SqlEntityManager, args: QueryCustomersArgs) {
  const where: FilterQuery<Customer>[] = [];
  if (args.email != null) {
    // Any identity's email finds the person, however its source spelled or cased it.
    const identities = await em.find(CustomerIdentity, { emailNorm: normaliseEmail(args.email) });
    where.push({ id: { $in: identities.map((identity) => identity.customerId) } });
  }
  if (args.updatedSince) where.push({ updatedAt: { $gte: args.updatedSince } });
  return pageOf<Customer>(em, Customer, { $and: where }, byId<Customer>(), args);
}

export async function listOrders(em: SqlEntityManager, args: QueryOrdersArgs) {
  const where: FilterQuery<Order>[] = [];
  if (args.customerId != null) {
    const identities = await em.find(CustomerIdentity, {
      source: 'shopify',
      customerId: args.customerId,
    });
    where.push({ customerSourceId: { $in: identities.map((identity) => identity.sourceId) } });
  }
  if (args.updatedSince) where.push({ updatedAt: { $gte: args.updatedSince } });
  return pageOf<Order>(em, Order, { $and: where }, orderSort, args);
}

export async function listProducts(em: SqlEntityManager, args: QueryProductsArgs) {
  const where: FilterQuery<Product>[] = [];
  if (args.sku != null) {
    const variant = args.sku.trim() ? await em.findOne(Variant, { id: variantId(args.sku) }) : null;
    where.push({ id: { $in: variant ? [variant.productId] : [] } });
  }
  return pageOf<Product>(em, Product, { $and: where }, byId<Product>(), args);
}

export async function listLocations(em: SqlEntityManager) {
  const views = locationViews(await em.find(Location, {}));
  return views.sort((a, b) => a.name.localeCompare(b.name));
}
