import { isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from 'graphql';
import { catalogResolvers } from './catalog';
import { typeOf } from './context';
import { orderResolvers } from './orders';
import { rootResolvers } from './root';

export type { ShopContext } from './context';

export const resolvers = { ...rootResolvers, ...orderResolvers, ...catalogResolvers };

/** Attaches the resolvers to a schema built from schema.graphql (a tiny makeExecutableSchema). */
export function bindResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`resolvers for unknown type ${typeName}`);
    const defs = type.getFields();
    for (const [name, resolve] of Object.entries(fields)) {
      const def = defs[name];
      if (!def) throw new Error(`resolver for unknown field ${typeName}.${name}`);
      def.resolve = resolve;
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type) || isUnionType(type)) {
      type.resolveType = (value) =>
        typeof value === 'object' && value ? typeOf.get(value) : undefined;
    }
  }
  return schema;
}
