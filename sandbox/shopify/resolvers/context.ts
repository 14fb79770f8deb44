import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { BulkOperations } from '../bulk';
import { gid } from '../ids';
import type { SearchReport } from '../search';
import type { ShopifyPayments } from '../payments';
import type { InventoryLevel, ShopStore, Variant } from '../store';
import type { ShopWebhooks } from '../webhooks';

// Resolvers over the in-memory store. Records are plain store objects; the type of an object
// reached through `node(id)` is remembered in a WeakMap so the Node interface can resolve it.
export interface ShopContext {
  store: ShopStore;
  payments: ShopifyPayments;
  shopName: string;
  shopDomain: string;
  currency: string;
  bulk: BulkOperations;
  webhooks: ShopWebhooks;
  /** True inside a bulk operation: connections return every row. */
  unbounded: boolean;
  /** The instant made-up dates are drawn back from (mock.ts). */
  epoch: number;
  /** The shop's IANA time zone. */
  timezone: string;
  /** Parses and warnings of this request's `query:` arguments, for `extensions.search`. */
  searches?: SearchReport[];
}

export type Resolver = GraphQLFieldResolver<unknown, ShopContext>;
type Args = Record<string, unknown>;

export const typeOf = new WeakMap<object, string>();
export function tagged<T extends object>(type: string, value: T | undefined): T | null {
  if (!value) return null;
  typeOf.set(value, type);
  return value;
}

export function r<S, A = Args>(
  fn: (source: S, args: A, ctx: ShopContext, info: GraphQLResolveInfo) => unknown,
): Resolver {
  return (source, args, ctx, info) => fn(source as S, args as A, ctx, info);
}

export const moneyBag = (amount: string, currencyCode: string) => ({
  shopMoney: { amount, currencyCode },
  presentmentMoney: { amount, currencyCode },
});

export function levelGid(level: InventoryLevel): string {
  return gid('InventoryLevel', level.id, { inventory_item_id: level.inventoryItemId });
}

export const legacy = r<{ id: number }>((x) => String(x.id));

export function available(ctx: ShopContext, variant: Variant | undefined): number {
  if (!variant) return 0;
  return ctx.store
    .levelsOfItem(variant.inventoryItemId)
    .reduce((sum, l) => sum + l.quantities.available, 0);
}
