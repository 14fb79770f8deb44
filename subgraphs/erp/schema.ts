import type { SqlEntityManager } from '@mikro-orm/knex';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type SubgraphDefinition, type SubgraphOptions } from '../common/schema';
import { createErpLoaders, type ErpLoaders } from './loaders';
import { createErpResolvers } from './resolvers';

export const erpSubgraph: SubgraphDefinition<ErpLoaders> = {
  name: 'erp',
  createLoaders: createErpLoaders,
  createResolvers: createErpResolvers,
};

/** ./schema.graphql bound to the canonical store. */
export function createErpSchema(em: SqlEntityManager, options?: SubgraphOptions): GraphQLSchema {
  return buildSchema(erpSubgraph, em, options);
}
