import type { SqlEntityManager } from '@mikro-orm/knex';
import type { GraphQLSchema } from 'graphql';
import { subgraphNames, type SubgraphName } from '../schema/subgraphs/index';
import { createAccountingSchema } from './accounting/index';
import type { SubgraphOptions } from './common/schema';
import { createCrmSchema } from './crm/index';
import { createErpSchema } from './erp/index';
import { createShopifySchema } from './shopify/index';

export type { SubgraphOptions } from './common/schema';

const factories: Record<
  SubgraphName,
  (em: SqlEntityManager, options?: SubgraphOptions) => GraphQLSchema
> = {
  shopify: createShopifySchema,
  erp: createErpSchema,
  crm: createCrmSchema,
  accounting: createAccountingSchema,
};

/** One subgraph's schema, serving from the store behind `em` (the ORM's root EntityManager). */
export function createSubgraphSchema(
  name: SubgraphName,
  em: SqlEntityManager,
  options?: SubgraphOptions,
): GraphQLSchema {
  return factories[name](em, options);
}

/**
 * All four schemas, for the embedded mode: hand them to startGateway({ subgraphs }) and the
 * gateway executes them in-process.
 */
export function createSubgraphSchemas(
  em: SqlEntityManager,
  options?: SubgraphOptions,
): Record<SubgraphName, GraphQLSchema> {
  return Object.fromEntries(
    subgraphNames.map((name) => [name, createSubgraphSchema(name, em, options)]),
  ) as Record<SubgraphName, GraphQLSchema>;
}
