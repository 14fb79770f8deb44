import { isObjectType, type GraphQLSchema } from 'graphql';
import { parseGid } from '../ids';
import { hash, Mock } from '../mock';
import { r, tagged, type ShopContext } from './context';

// `node(id:)` and `nodes(ids:)`: a modelled type is looked up in the shop (null when absent, as
// Shopify answers for an unknown id); any other type that implements Node gets a made-up object
// carrying the asked-for id, as a shop holding it would answer.
const modelled = new Set([
  'Customer',
  'Order',
  'Product',
  'ProductVariant',
  'InventoryItem',
  'InventoryLevel',
  'Location',
  'BulkOperation',
  'WebhookSubscription',
  'Refund',
  'Fulfillment',
]);

export function findNode(ctx: ShopContext, id: string, schema: GraphQLSchema): object | null {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const { store } = ctx;
  const type = parsed.type;
  if (!modelled.has(type)) {
    const served = schema.getType(type);
    const isNode = isObjectType(served) && served.getInterfaces().some((i) => i.name === 'Node');
    return isNode ? new Mock(type, hash(type, parsed.id), id) : null;
  }
  switch (type) {
    case 'Customer':
      return tagged(type, store.customers.get(parsed.id));
    case 'Order':
      return tagged(type, store.orders.get(parsed.id));
    case 'Product':
      return tagged(type, store.products.get(parsed.id));
    case 'ProductVariant':
      return tagged(type, store.variants.get(parsed.id));
    case 'InventoryItem':
      return tagged(type, store.inventoryItems.get(parsed.id));
    case 'InventoryLevel':
      return tagged(type, store.findLevelById(parsed.id));
    case 'Location':
      return tagged(type, store.locations.get(parsed.id));
    case 'BulkOperation':
      return tagged(type, ctx.bulk.operations.get(parsed.id));
    case 'WebhookSubscription':
      return tagged(type, ctx.webhooks.subscriptions.get(parsed.id));
    case 'Refund':
      return tagged(
        type,
        findIn(ctx, (o) => o.refunds.find((x) => x.id === parsed.id)),
      );
    case 'Fulfillment':
      return tagged(
        type,
        findIn(ctx, (o) => o.fulfillments.find((x) => x.id === parsed.id)),
      );
    default:
      return null;
  }
}

function findIn<T>(
  ctx: ShopContext,
  pick: (order: ReturnType<ShopContext['store']['orders']['get']> & object) => T | undefined,
): T | undefined {
  for (const order of ctx.store.orders.values()) {
    const found = pick(order);
    if (found) return found;
  }
  return undefined;
}

export const nodesResolvers = {
  nodes: r<unknown, { ids: string[] }>((_, { ids }, ctx, info) =>
    ids.map((id) => findNode(ctx, id, info.schema)),
  ),
};
