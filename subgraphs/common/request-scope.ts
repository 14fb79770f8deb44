import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { GraphQLScalarType } from 'graphql';

/** What every resolver of a subgraph gets as its context: a forked EntityManager and loaders. */
export interface Scope<Loaders> {
  em: SqlEntityManager;
  loaders: Loaders;
}

/**
 * A subgraph's resolvers, typed by its generated `Resolvers` (subgraphs/<name>/generated/): here
 * only their shape matters, a map of type names to fields, scalars or enum values.
 */
export type ResolverMap = Readonly<Record<string, object | undefined>>;

/**
 * Gives each request its own scope, created on first use and keyed by the request's context
 * object. The schema thus carries its own per-request state: Apollo Server over HTTP and the
 * gateway's in-process data source (which passes the gateway's context) both work unchanged, and
 * every subgraph fetch of one gateway request shares one set of DataLoaders.
 */
export function requestScopes<Loaders>(
  root: SqlEntityManager,
  createLoaders: (em: SqlEntityManager) => Loaders,
): (context: unknown) => Scope<Loaders> {
  const scopes = new WeakMap<object, Scope<Loaders>>();
  const create = (): Scope<Loaders> => {
    const em = root.fork();
    return { em, loaders: createLoaders(em) };
  };
  return (context) => {
    if (typeof context !== 'object' || context === null) return create();
    let scope = scopes.get(context);
    if (!scope) {
      scope = create();
      scopes.set(context, scope);
    }
    return scope;
  };
}

/** Hands every resolver its request scope in place of the raw context. */
export function bindResolvers<Loaders>(
  map: ResolverMap,
  scopeOf: (context: unknown) => Scope<Loaders>,
): GraphQLResolverMap<unknown> {
  const bound: GraphQLResolverMap<unknown> = {};
  for (const [typeName, fields] of Object.entries(map)) {
    if (fields === undefined) continue;
    if (fields instanceof GraphQLScalarType) {
      bound[typeName] = fields;
      continue;
    }
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value !== 'function') {
        out[field] = value;
        continue;
      }
      const call = value as (...args: unknown[]) => unknown;
      // Federation calls __resolveReference(reference, context, info): the context comes second.
      out[field] =
        field === '__resolveReference'
          ? (ref: unknown, context: unknown, info: unknown) => call(ref, scopeOf(context), info)
          : (parent: unknown, args: unknown, context: unknown, info: unknown) =>
              call(parent, args, scopeOf(context), info);
    }
    bound[typeName] = out as GraphQLResolverMap<unknown>[string];
  }
  return bound;
}
