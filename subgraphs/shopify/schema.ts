import type { SqlEntityManager } from '@mikro-orm/knex';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type SubgraphDefinition, type SubgraphOptions } from '../common/schema';
import { createShopifyLoaders, type ShopifyLoaders } from './loaders';
import { createShopifyResolvers } from './resolvers';

export const shopifySubgraph: SubgraphDefinition<ShopifyLoaders> = {
  name: 'shopify',
  createLoaders: createShopifyLoaders,
  createResolvers: createShopifyResolvers,
};

/** ./schema.graphql bound to the canonical store. */
export function createShopifySchema(
  em: SqlEntityManager,
  options?: SubgraphOptions,
): GraphQLSchema {
  return buildSchema(shopifySubgraph, em, options);
}
