import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { isDecimal, roundMoney, toMinorUnits } from '../../lib/money';
import { normaliseEmail, variantId } from '../../store/ids';
import {
  Customer,
  CustomerIdentity,
  CustomerProfile,
  Location,
  Order,
  Product,
  Variant,
} from '../../store/entities';
import { readPage, toConnection, type PageArgs } from '../common/pagination';
import { afterKey, orderByOf, sortKeyOf, type Sort } from '../common/sql';
import { badUserInput } from '../common/errors';
import type {
  CustomerFilter,
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
  const segment = args.filter ? segmentWhere(args.filter) : [];
  if (segment.length > 0) {
    // One statement: the segment is a subquery on the profiles, never a list of ids in memory.
    const profiles = em
      .createQueryBuilder(CustomerProfile, 'p')
      .select('p.id')
      .where({ $and: segment });
    where.push({ id: { $in: profiles.getKnexQuery() } } as unknown as FilterQuery<Customer>);
  }
  return pageOf<Customer>(em, Customer, { $and: where }, byId<Customer>(), args);
}

/** A marketing segment as conditions on the profiles; every condition given must hold. */
export function segmentWhere(filter: CustomerFilter): FilterQuery<CustomerProfile>[] {
  const where: FilterQuery<CustomerProfile>[] = [];
  if (filter.lifecycleStage != null) where.push({ lifecycleStage: filter.lifecycleStage });
  // Consent is granted only where a system said yes and none said no (see build.ts): unknown is no.
  if (filter.consent === true) where.push({ emailConsent: true });
  if (filter.consent === false) {
    where.push({ $or: [{ emailConsent: false }, { emailConsent: null }] });
  }
  const { min, max } = filter.lifetimeValue ?? {};
  if (min != null) where.push({ lifetimeValueMinor: { $gte: minorUnits(min, 'min') } });
  if (max != null) where.push({ lifetimeValueMinor: { $lte: minorUnits(max, 'max') } });
  if (filter.lastOrderBefore) where.push({ lastOrderAt: { $lt: filter.lastOrderBefore } });
  if (filter.lastOrderAfter) where.push({ lastOrderAt: { $gte: filter.lastOrderAfter } });
  if (filter.hasOpenBalance != null) where.push({ hasOpenBalance: filter.hasOpenBalance });
  return where;
}

function minorUnits(amount: string, name: string): number {
  if (!isDecimal(amount)) throw badUserInput(`lifetimeValue.${name} must be a decimal amount`);
  return toMinorUnits(roundMoney(amount));
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
