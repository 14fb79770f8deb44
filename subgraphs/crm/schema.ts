import type { SqlEntityManager } from '@mikro-orm/knex';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type SubgraphDefinition, type SubgraphOptions } from '../common/schema';
import { createCrmLoaders, type CrmLoaders } from './loaders';
import { createCrmResolvers } from './resolvers';

export const crmSubgraph: SubgraphDefinition<CrmLoaders> = {
  name: 'crm',
  createLoaders: createCrmLoaders,
  createResolvers: createCrmResolvers,
};

/** ./schema.graphql bound to the canonical store. */
export function createCrmSchema(em: SqlEntityManager, options?: SubgraphOptions): GraphQLSchema {
  return buildSchema(crmSubgraph, em, options);
}
