import type { SqlEntityManager } from '@mikro-orm/knex';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type SubgraphDefinition, type SubgraphOptions } from '../common/schema';
import { createAccountingLoaders, type AccountingLoaders } from './loaders';
import { createAccountingResolvers } from './resolvers';

export const accountingSubgraph: SubgraphDefinition<AccountingLoaders> = {
  name: 'accounting',
  createLoaders: createAccountingLoaders,
  createResolvers: createAccountingResolvers,
};

/** ./schema.graphql bound to the canonical store. */
export function createAccountingSchema(
  em: SqlEntityManager,
  options?: SubgraphOptions,
): GraphQLSchema {
  return buildSchema(accountingSubgraph, em, options);
}
