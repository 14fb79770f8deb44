import { isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import { Mock, mockingFieldResolver } from '../mock';
import { catalogResolvers } from './catalog';
import { typeOf, type Resolver, type ShopContext } from './context';
import { orderResolvers } from './orders';
import { countResolvers } from './counts';
import { nodesResolvers } from './nodes';
import { paymentsResolvers } from './payments';
import { rootResolvers } from './root';
import { wholeSchemaResolvers } from './whole';

export type { ShopContext } from './context';

export const resolvers: Record<string, Record<string, Resolver>> = {
  ...rootResolvers,
  QueryRoot: { ...rootResolvers.QueryRoot, ...countResolvers, ...nodesResolvers },
  ...orderResolvers,
  ...catalogResolvers,
  ...paymentsResolvers,
};

/**
 * Attaches the resolvers to the served schema (a tiny makeExecutableSchema). Every field without
 * a resolver reads its source's property and, when the sandbox has no value for it, makes one up
 * (mock.ts), so any valid document gets an answer.
 */
export function bindResolvers(schema: GraphQLSchema): GraphQLSchema {
  const all: Record<string, Record<string, Resolver>> = { ...resolvers };
  // Bound where the served schema has the field: Shopify's whole schema, not the subset.
  for (const [typeName, fields] of Object.entries(wholeSchemaResolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const served = Object.entries(fields).filter(([name]) => name in type.getFields());
    all[typeName] = { ...all[typeName], ...Object.fromEntries(served) };
  }
  const fallback = mockingFieldResolver((context) => {
    const ctx = context as ShopContext;
    return {
      shopDomain: ctx.shopDomain,
      currency: ctx.currency,
      epoch: ctx.epoch,
      unbounded: ctx.unbounded,
    };
  });
  for (const [typeName, fields] of Object.entries(all)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`resolvers for unknown type ${typeName}`);
    const defs = type.getFields();
    for (const [name, resolve] of Object.entries(fields)) {
      const def = defs[name];
      if (!def) throw new Error(`resolver for unknown field ${typeName}.${name}`);
      // A made-up object (an order reached through a dispute, say) has no record to read.
      def.resolve = (source, args, ctx, info) =>
        source instanceof Mock
          ? fallback(source, args, ctx, info)
          : resolve(source, args, ctx as ShopContext, info);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) field.resolve ??= fallback;
    }
    if (isInterfaceType(type) || isUnionType(type)) {
      type.resolveType = (value) => {
        if (value instanceof Mock) return value.typeName;
        return typeof value === 'object' && value ? typeOf.get(value) : undefined;
      };
    }
  }
  return schema;
}
