import type { GraphQLResolveInfo } from 'graphql';
import { r, type ShopContext } from './context';
import {
  customerSearch,
  locationSearch,
  orderSearch,
  productSearch,
  search,
  type Searchable,
} from './searchable';

// `ordersCount`, `productsCount` and friends: the same `query:` filter as the connections, with
// Shopify's `limit` (10,000 unless given; null for none) and `precision: AT_LEAST` above it.
// A connector deciding between a bulk operation and paging reads these.
export const defaultCountLimit = 10_000;

interface CountArgs {
  query?: string | null;
  limit?: number | null;
}

function count<T>(
  items: Iterable<T>,
  args: CountArgs,
  spec: Searchable<T>,
  ctx: ShopContext,
  info: GraphQLResolveInfo,
) {
  const total = search(items, args.query, spec, ctx, info).length;
  const limit = args.limit === undefined ? defaultCountLimit : args.limit;
  if (limit !== null && total > limit) return { count: limit, precision: 'AT_LEAST' };
  return { count: total, precision: 'EXACT' };
}

export const countResolvers = {
  ordersCount: r<unknown, CountArgs>((_, args, ctx, info) =>
    count(ctx.store.orders.values(), args, orderSearch(ctx.store), ctx, info),
  ),
  productsCount: r<unknown, CountArgs>((_, args, ctx, info) =>
    count(ctx.store.products.values(), args, productSearch(ctx.store), ctx, info),
  ),
  customersCount: r<unknown, CountArgs>((_, args, ctx, info) =>
    count(ctx.store.customers.values(), args, customerSearch(ctx.store), ctx, info),
  ),
  locationsCount: r<unknown, CountArgs>((_, args, ctx, info) =>
    count(
      [...ctx.store.locations.values()].filter((l) => l.isActive),
      args,
      locationSearch,
      ctx,
      info,
    ),
  ),
  productVariantsCount: r<unknown, CountArgs>((_, args, ctx, info) =>
    count(
      ctx.store.variants.values(),
      args,
      { fields: variantFields, text: [(v) => v.title, (v) => v.sku], unmodeled: [] },
      ctx,
      info,
    ),
  ),
};

const variantFields = {
  id: (v: { id: number }) => v.id,
  sku: (v: { sku: string }) => v.sku,
  title: (v: { title: string }) => v.title,
  product_id: (v: { productId: number }) => v.productId,
  barcode: (v: { barcode: string | null }) => v.barcode,
  created_at: (v: { createdAt: string }) => v.createdAt,
  updated_at: (v: { updatedAt: string }) => v.updatedAt,
};
