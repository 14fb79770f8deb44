import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { callerOf, type Caller } from '../../lib/auth/scopes';

/** The directive the subgraph SDLs declare scopes with: `@scope(requires: ["pii:read"])`. */
export const scopeDirectiveName = 'scope';

interface Annotated {
  astNode?: { directives?: readonly ConstDirectiveNode[] } | null;
  extensionASTNodes?: readonly { directives?: readonly ConstDirectiveNode[] }[];
}

/** The scopes one type or field declares itself, in declaration order. */
export function declaredScopes(element: Annotated): string[] {
  const nodes = [element.astNode, ...(element.extensionASTNodes ?? [])];
  const found: string[] = [];
  for (const directive of nodes.flatMap((node) => node?.directives ?? [])) {
    if (directive.name.value !== scopeDirectiveName) continue;
    const requires = directive.arguments?.find((arg) => arg.name.value === 'requires')?.value;
    if (requires?.kind !== Kind.LIST) continue;
    for (const value of requires.values) if (value.kind === Kind.STRING) found.push(value.value);
  }
  return found;
}

/**
 * What reading `parent.field` takes: the field's own scopes, its type's (a scoped type guards
 * every field of it, which covers entities reached through `_entities`), and those of the object
 * type it returns (so a scoped type comes back null where it is referenced, not field by field).
 */
export function requiredScopes(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): string[] {
  const returned = getNamedType(field.type);
  return [
    ...new Set([
      ...declaredScopes(field),
      ...declaredScopes(parent),
      ...(isObjectType(returned) ? declaredScopes(returned) : []),
    ]),
  ];
}

export function missingScopes(required: readonly string[], caller: Caller | undefined): string[] {
  return required.filter((scope) => !caller?.scopes.has(scope));
}

/** As Apollo Router words it: the field is null, the error names what was missing. */
export function forbidden(missing: readonly string[]): GraphQLError {
  const names = missing.map((scope) => `"${scope}"`).join(', ');
  return new GraphQLError(`Forbidden: requires scope ${names}`, {
    extensions: { code: 'FORBIDDEN', requiredScopes: [...missing] },
  });
}

/**
 * Makes every scoped field check the caller (`context.caller`) before it resolves, so the
 * subgraph itself refuses what a caller may not see, whoever called it. A refused field resolves
 * to an error: GraphQL nulls it (or its nearest nullable ancestor) and serves the rest. A context
 * without a caller holds no scope.
 */
export function enforceScopes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) guardResolveType(schema, type);
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const required = requiredScopes(type, field);
      const scopedArgs = field.args
        .map((arg) => ({ name: arg.name, scopes: declaredScopes(arg) }))
        .filter((arg) => arg.scopes.length > 0);
      if (required.length === 0 && scopedArgs.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args: Record<string, unknown>, context, info) => {
        // A scoped argument takes its scopes only when it is passed.
        const passed = scopedArgs.filter((arg) => args[arg.name] != null);
        const wanted = [...new Set([...required, ...passed.flatMap((arg) => arg.scopes)])];
        const missing = missingScopes(wanted, callerOf(context));
        if (missing.length) throw forbidden(missing);
        return resolve(parent, args, context, info);
      };
    }
  }
  return schema;
}

/**
 * A field of an interface type (`node(id:)`) learns its object's type only when it resolves: the
 * object's own scopes are checked then, so that a caller cannot learn even the type of an id it
 * may not read.
 */
function guardResolveType(schema: GraphQLSchema, type: GraphQLInterfaceType): void {
  const resolveType = type.resolveType;
  if (!resolveType) return;
  type.resolveType = async (value, context, info, abstractType) => {
    const name = await resolveType(value, context, info, abstractType);
    const object = name ? schema.getType(name) : undefined;
    const missing = missingScopes(object ? declaredScopes(object) : [], callerOf(context));
    if (missing.length) throw forbidden(missing);
    return name;
  };
}
