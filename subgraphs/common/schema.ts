import { buildSubgraphSchema } from '@apollo/subgraph';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { parse, type GraphQLSchema } from 'graphql';
import { createLogger, type Logger } from '../../lib/logger';
import { loadSubgraphSdl, type SubgraphName } from '../../schema/subgraphs/index';
import { maskErrors } from './errors';
import { enforceScopes } from './scope-guard';
import { bindResolvers, requestScopes, type ResolverMap } from './request-scope';
import { DateTime } from './scalars';

export interface SubgraphOptions {
  logger?: Logger;
  /**
   * The currency of amounts whose table has no currency column (variant prices, ERP item costs):
   * the shop's currency.
   */
  shopCurrency?: string;
}

export interface SubgraphDefinition<Loaders> {
  name: SubgraphName;
  createLoaders(em: SqlEntityManager): Loaders;
  createResolvers(options: Required<Pick<SubgraphOptions, 'shopCurrency'>>): ResolverMap;
}

/**
 * Binds a subgraph's SDL (schema/subgraphs/<name>.graphql) to its resolvers. The schema serves
 * from `root` (the ORM's root EntityManager), forked once per request, and answers only what
 * the caller in its context may see (the SDL's @scope declarations).
 */
export function buildSchema<Loaders>(
  definition: SubgraphDefinition<Loaders>,
  root: SqlEntityManager,
  options: SubgraphOptions = {},
): GraphQLSchema {
  const logger = options.logger ?? createLogger(`subgraph.${definition.name}`);
  const resolvers: ResolverMap = {
    DateTime,
    ...definition.createResolvers({ shopCurrency: options.shopCurrency ?? 'USD' }),
  };
  const scopeOf = requestScopes(root, definition.createLoaders);
  const schema = buildSubgraphSchema({
    typeDefs: parse(loadSubgraphSdl(definition.name)),
    resolvers: bindResolvers(resolvers, scopeOf),
  });
  return enforceScopes(maskErrors(schema, logger));
}
