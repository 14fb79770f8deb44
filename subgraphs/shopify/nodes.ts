import { GraphQLError } from 'graphql';
import type { ShopifyLoaders } from './loaders';
import type {
  CustomerModel,
  LocationModel,
  OrderModel,
  ProductModel,
  ProductVariantModel,
} from './models';

/** The types that implement `Node`: every entity this subgraph owns. */
export type NodeType = 'Customer' | 'Order' | 'Product' | 'ProductVariant' | 'Location';
export type NodeModel =
  CustomerModel | OrderModel | ProductModel | ProductVariantModel | LocationModel;

/** Shopify's own limit on `nodes(ids:)`. */
export const MAX_NODE_IDS = 250;

// A row does not say which type it is; node() records it here for __resolveType.
const typeOfRow = new WeakMap<object, NodeType>();

/**
 * The object a global id names. Ids are canonical ids: uuid v5 of a kind-prefixed source key
 * (store/ids.ts), so no two types share one, and the type is found by asking each table. Every
 * table is asked through its request-scoped loader, so `nodes(ids:)` costs one statement per
 * table, and the fields resolved afterwards find the rows in the loaders' cache.
 */
export async function loadNode(loaders: ShopifyLoaders, id: string): Promise<NodeModel | null> {
  const candidates: Array<[NodeType, Promise<NodeModel | null>]> = [
    ['Customer', loaders.customer.load(id)],
    ['Order', loaders.order.load(id)],
    ['Product', loaders.product.load(id)],
    ['ProductVariant', loaders.variant.load(id)],
    ['Location', loaders.location.load(id)],
  ];
  const rows = await Promise.all(candidates.map(([, row]) => row));
  for (const [index, row] of rows.entries()) {
    const type = candidates[index]?.[0];
    if (row && type) {
      typeOfRow.set(row, type);
      return row;
    }
  }
  return null;
}

export function loadNodes(
  loaders: ShopifyLoaders,
  ids: readonly string[],
): Promise<Array<NodeModel | null>> {
  if (ids.length > MAX_NODE_IDS) {
    throw new GraphQLError(`nodes(ids:) takes at most ${MAX_NODE_IDS} ids, got ${ids.length}.`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return Promise.all(ids.map((id) => loadNode(loaders, id)));
}

export function nodeTypeOf(row: NodeModel): NodeType {
  const type = typeOfRow.get(row);
  // Only node() hands rows to Node fields, and it records every one.
  if (!type) throw new Error('a Node resolved without its type');
  return type;
}
