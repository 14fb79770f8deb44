import type { GraphQLResolveInfo } from 'graphql';
import type { BulkOperation } from '../bulk';
import { paginate, type PageArgs } from '../connection';
import { createFulfillment, type FulfillmentCreateInput } from '../fulfillment-orders';
import { gid, idOf } from '../ids';
import { setQuantities, type SetQuantitiesInput } from '../inventory';
import type { WebhookTopic } from '../topics';
import type { SubscriptionOptions, WebhookSubscription } from '../webhooks';
import { legacy, r, tagged, type Resolver, type ShopContext } from './context';
import { findNode } from './nodes';
import { shopOf } from './shop';
import {
  customerSearch,
  inventoryItemSearch,
  locationSearch,
  orderSearch,
  productSearch,
  search,
  type Searchable,
} from './searchable';

// The query and mutation roots, and the admin objects they hand out (bulk operations,
// webhook subscriptions, inventory adjustment groups).
interface ListArgs extends PageArgs {
  query?: string | null;
  sortKey?: string | null;
}

function list<T extends { id: number; createdAt: string; updatedAt: string }>(
  items: Iterable<T>,
  args: ListArgs,
  ctx: ShopContext,
  spec: Searchable<T>,
  info: GraphQLResolveInfo,
) {
  const filtered = search(items, args.query, spec, ctx, info);
  const sortValue = sortValueOf<T>(args.sortKey);
  return paginate(filtered, args, { id: (x) => x.id, sortValue, unbounded: ctx.unbounded });
}

function sortValueOf<T extends { id: number; createdAt: string; updatedAt: string }>(
  sortKey: string | null | undefined,
): ((x: T) => string | number) | undefined {
  switch (sortKey) {
    case 'UPDATED_AT':
      return (x) => x.updatedAt;
    case 'CREATED_AT':
    case 'PROCESSED_AT':
      return (x) => x.createdAt;
    default:
      return undefined;
  }
}

type SubscriptionInput = SubscriptionOptions & { callbackUrl?: string | null };

function subscriptionPayload(
  result: { subscription: WebhookSubscription } | { error: { field: string[]; message: string } },
) {
  if ('error' in result) return { webhookSubscription: null, userErrors: [result.error] };
  return { webhookSubscription: result.subscription, userErrors: [] };
}

export const rootResolvers: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    node: r<unknown, { id: string }>((_, { id }, ctx, info) => findNode(ctx, id, info.schema)),
    shop: r<unknown>((_, __, ctx) => shopOf(ctx)),
    shopifyPaymentsAccount: r<unknown>(() => ({})),
    customer: r<unknown, { id: string }>(
      (_, { id }, ctx) => ctx.store.customers.get(idOf(id, 'Customer') ?? -1) ?? null,
    ),
    customers: r<unknown, ListArgs>((_, args, ctx, info) =>
      list(ctx.store.customers.values(), args, ctx, customerSearch(ctx.store), info),
    ),
    order: r<unknown, { id: string }>(
      (_, { id }, ctx) => ctx.store.orders.get(idOf(id, 'Order') ?? -1) ?? null,
    ),
    orders: r<unknown, ListArgs>((_, args, ctx, info) =>
      list(ctx.store.orders.values(), args, ctx, orderSearch(ctx.store), info),
    ),
    product: r<unknown, { id: string }>(
      (_, { id }, ctx) => ctx.store.products.get(idOf(id, 'Product') ?? -1) ?? null,
    ),
    products: r<unknown, ListArgs>((_, args, ctx, info) =>
      list(ctx.store.products.values(), args, ctx, productSearch(ctx.store), info),
    ),
    location: r<unknown, { id?: string | null }>((_, { id }, ctx) => {
      if (!id) return ctx.store.locations.values().next().value ?? null;
      return ctx.store.locations.get(idOf(id, 'Location') ?? -1) ?? null;
    }),
    locations: r<unknown, ListArgs & { includeInactive?: boolean }>((_, args, ctx, info) => {
      const all = [...ctx.store.locations.values()].filter(
        (l) => args.includeInactive || l.isActive,
      );
      const filtered = search(all, args.query, locationSearch, ctx, info);
      return paginate(filtered, args, {
        id: (l) => l.id,
        sortValue: args.sortKey === 'ID' ? undefined : (l) => l.name,
        unbounded: ctx.unbounded,
      });
    }),
    inventoryItem: r<unknown, { id: string }>(
      (_, { id }, ctx) => ctx.store.inventoryItems.get(idOf(id, 'InventoryItem') ?? -1) ?? null,
    ),
    inventoryItems: r<unknown, ListArgs>((_, args, ctx, info) =>
      list(
        ctx.store.inventoryItems.values(),
        { ...args, sortKey: null },
        ctx,
        inventoryItemSearch,
        info,
      ),
    ),
    currentBulkOperation: r<unknown>((_, __, ctx) => ctx.bulk.currentOperation ?? null),
    webhookSubscriptions: r<
      unknown,
      PageArgs & { callbackUrl?: string | null; format?: string | null; topics?: string[] | null }
    >((_, args, ctx) =>
      paginate(ctx.webhooks.list(args), args, {
        id: (s) => s.id,
        unbounded: ctx.unbounded,
      }),
    ),
  },

  Mutation: {
    bulkOperationRunQuery: r<unknown, { query: string }>((_, { query }, ctx) =>
      ctx.bulk.run(query),
    ),
    inventorySetQuantities: r<unknown, { input: SetQuantitiesInput }>((_, { input }, ctx) =>
      setQuantities(ctx.store, input),
    ),
    fulfillmentCreate: r<unknown, { fulfillment: FulfillmentCreateInput }>(
      (_, { fulfillment }, ctx) => createFulfillment(ctx.store, fulfillment),
    ),
    webhookSubscriptionCreate: r<
      unknown,
      { topic: WebhookTopic; webhookSubscription: SubscriptionInput }
    >((_, { topic, webhookSubscription }, ctx) => {
      const { callbackUrl, ...options } = webhookSubscription;
      return subscriptionPayload(ctx.webhooks.subscribe(topic, callbackUrl ?? '', options));
    }),
    webhookSubscriptionUpdate: r<unknown, { id: string; webhookSubscription: SubscriptionInput }>(
      (_, { id, webhookSubscription }, ctx) =>
        subscriptionPayload(
          ctx.webhooks.update(idOf(id, 'WebhookSubscription') ?? -1, webhookSubscription),
        ),
    ),
    webhookSubscriptionDelete: r<unknown, { id: string }>((_, { id }, ctx) => {
      const numeric = idOf(id, 'WebhookSubscription');
      if (numeric !== undefined && ctx.webhooks.unsubscribe(numeric)) {
        return { deletedWebhookSubscriptionId: id, userErrors: [] };
      }
      return {
        deletedWebhookSubscriptionId: null,
        userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }],
      };
    }),
  },

  BulkOperation: {
    id: r<BulkOperation>((b) => gid('BulkOperation', b.id)),
  },
  InventoryAdjustmentGroup: {
    id: r<{ id: number }>((g) => gid('InventoryAdjustmentGroup', g.id)),
  },
  WebhookSubscription: {
    id: r<WebhookSubscription>((s) => gid('WebhookSubscription', s.id)),
    legacyResourceId: legacy,
    endpoint: r<WebhookSubscription>((s) =>
      tagged('WebhookHttpEndpoint', { callbackUrl: s.callbackUrl }),
    ),
  },
};
