import {
  extendSchema,
  GraphQLError,
  isObjectType,
  parse,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { z } from 'zod';
import type { Caller } from '../../lib/auth/scopes';
import { entityOf, entityQuery, type EntityQuery, type EntityResult } from './entity';
import type { FeedEvent, FollowedEntity } from './feed';

/**
 * The subscriptions, added to the gateway's API schema (they are served beside Apollo's gateway,
 * which has none). Each event names an entity by its key; the entity field is then resolved
 * through the federated graph, so any field of the graph may be selected on it.
 */
export const subscriptionSdl = /* GraphQL */ `
  extend schema {
    subscription: Subscription
  }

  "What happened to a record: created or changed (UPSERT), or removed (DELETE)."
  enum ChangeOperation {
    UPSERT
    DELETE
  }

  type OrderChange {
    id: ID!
    operation: ChangeOperation!
    changedAt: DateTime!
    "The order as the whole graph has it now; null once deleted."
    order: Order
  }

  type CustomerChange {
    id: ID!
    operation: ChangeOperation!
    changedAt: DateTime!
    "The customer as the whole graph has it now; null once deleted or merged into another."
    customer: Customer
  }

  type InventoryChange {
    sku: String!
    "The system that reported the stock level."
    source: Source!
    operation: ChangeOperation!
    changedAt: DateTime!
    "Stock at the reported location after the change."
    available: Int!
    onHand: Int!
    "The variant of the SKU, with its stock at every location, as the graph has it now."
    variant: ProductVariant
  }

  type Subscription {
    "Every change of an order, or only of the order with this id. Needs orders:read."
    orderChanged(id: ID): OrderChange!
    "Changes of one customer. Needs customers:read."
    customerChanged(id: ID!): CustomerChange!
    "Stock changes of one SKU, from every source and location. Needs catalog:read."
    inventoryChanged(sku: String!): InventoryChange!
  }
`;

/** What each subscription's execution gets as its context: its connection's. */
export interface SubscriptionContext {
  caller: Caller;
  /** The changes of `entity` that `accept` keeps, queued for this connection (bounded). */
  follow(entity: FollowedEntity, accept: (event: FeedEvent) => boolean): AsyncIterable<FeedEvent>;
  /** Runs an entity query through the gateway for this caller, once per event and selection. */
  fetchEntity(
    event: FeedEvent,
    query: EntityQuery,
    variables: Record<string, unknown>,
  ): Promise<EntityResult>;
}

const requiredScope: Record<string, string> = {
  orderChanged: 'orders:read',
  customerChanged: 'customers:read',
  inventoryChanged: 'catalog:read',
};

interface ChangeSource {
  event: FeedEvent;
  id: string;
  operation: 'UPSERT' | 'DELETE';
  changedAt: string;
}

const InventoryData = z.object({
  sku: z.string(),
  variantId: z.string(),
  source: z.string(),
  available: z.number(),
  onHand: z.number(),
});

const normaliseSku = (sku: string) => sku.trim().toUpperCase();

function changeOf(event: FeedEvent): ChangeSource {
  const { change } = event;
  return {
    event,
    id: change.id,
    operation: change.op === 'delete' ? 'DELETE' : 'UPSERT',
    changedAt: change.changedAt,
  };
}

function inventoryOf(event: FeedEvent) {
  const data = InventoryData.safeParse(event.change.data);
  if (!data.success) return null;
  return { ...changeOf(event), ...data.data, source: data.data.source.toUpperCase() };
}

/** The entity of type `typeName` that `keyOf` names, fetched with the subscriber's selection. */
function entityField(
  typeName: string,
  keyOf: (source: ChangeSource & { variantId?: string }) => string | null,
): GraphQLFieldResolver<ChangeSource, SubscriptionContext> {
  const queries = new WeakMap<object, EntityQuery>();
  return async (source, _args, context, info: GraphQLResolveInfo) => {
    const key = keyOf(source);
    if (key === null) return null;
    // The same document's field node comes with every event: its query is built once.
    const node = info.fieldNodes[0] ?? info;
    let query = queries.get(node);
    if (!query) {
      query = entityQuery(info, typeName);
      queries.set(node, query);
    }
    const variables: Record<string, unknown> = { plexusKey: key };
    for (const name of query.variables) variables[name] = info.variableValues[name];
    return entityOf(await context.fetchEntity(source.event, query, variables));
  };
}

const upserted = (source: ChangeSource) => (source.operation === 'UPSERT' ? source.id : null);

/** The gateway's API schema with the subscriptions, bound to the change feed. */
export function subscriptionSchema(apiSchema: GraphQLSchema): GraphQLSchema {
  const schema = extendSchema(apiSchema, parse(subscriptionSdl));
  const subscription = schema.getSubscriptionType();
  if (!subscription) throw new Error('the subscription schema has no Subscription type');
  const fields = subscription.getFields();
  const guard =
    (
      field: string,
      follow: (
        args: Record<string, unknown>,
        context: SubscriptionContext,
      ) => AsyncIterable<FeedEvent>,
    ): GraphQLFieldResolver<unknown, SubscriptionContext, Record<string, unknown>> =>
    (_root, args, context) => {
      const scope = requiredScope[field];
      if (scope && !context.caller.scopes.has(scope)) {
        throw new GraphQLError(`Forbidden: requires scope "${scope}"`, {
          extensions: { code: 'FORBIDDEN', requiredScopes: [scope] },
        });
      }
      return follow(args, context);
    };
  const bind = (
    name: string,
    subscribe: GraphQLFieldResolver<unknown, SubscriptionContext, Record<string, unknown>>,
    resolve: (event: FeedEvent) => unknown,
  ) => {
    const field = fields[name];
    if (!field) throw new Error(`Subscription.${name} is missing`);
    field.subscribe = subscribe;
    field.resolve = (event: FeedEvent) => resolve(event);
  };

  bind(
    'orderChanged',
    guard('orderChanged', (args, context) =>
      context.follow('order', (e) => typeof args.id !== 'string' || e.change.id === args.id),
    ),
    changeOf,
  );
  bind(
    'customerChanged',
    guard('customerChanged', (args, context) =>
      context.follow('customer', (e) => e.change.id === args.id),
    ),
    changeOf,
  );
  bind(
    'inventoryChanged',
    guard('inventoryChanged', (args, context) => {
      const sku = normaliseSku(String(args.sku));
      // A deleted level carries no data, hence no SKU: only changes with a level reach here.
      return context.follow('inventory-level', (e) => inventoryOf(e)?.sku === sku);
    }),
    inventoryOf,
  );

  const typeOf = (name: string) => {
    const type = schema.getType(name);
    if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
    return type.getFields();
  };
  const setResolver = (
    type: string,
    field: string,
    resolve: GraphQLFieldResolver<ChangeSource, SubscriptionContext>,
  ) => {
    const found = typeOf(type)[field];
    if (!found) throw new Error(`${type}.${field} is missing`);
    found.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  };
  setResolver('OrderChange', 'order', entityField('Order', upserted));
  setResolver('CustomerChange', 'customer', entityField('Customer', upserted));
  setResolver(
    'InventoryChange',
    'variant',
    entityField('ProductVariant', (s) => s.variantId ?? null),
  );
  return schema;
}
